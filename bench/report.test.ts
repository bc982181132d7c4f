import { describe, expect, it } from 'vitest';
import { bigText, type RssReport } from './report';

const at = (n: number, planMs: number, dataPlanMs: number, refreshCpuMs: number, peakRssMb: number): RssReport => ({
  n,
  latencyMs: 2,
  plan: { durationMs: planMs, processes: 3, peakRssMb, cpuMs: [100, 98, refreshCpuMs] },
  data: { applyMs: 0, planMs: dataPlanMs },
});

describe('the N = 5,000 row', () => {
  it("says whose time grew: the plan's per key, terraform_data's per resource, the provider's CPU per key", () => {
    // Round 8's full run: the plan 1.40x per key, all of it Terraform's (3.66x); the provider's CPU per key fell.
    const text = bigText(at(1000, 4697, 894, 2985, 89.4), at(5000, 32857, 16378, 9480, 90.1));
    expect(text).toBe(
      'plan 32857 ms; per key 6.57 ms vs 4.70 ms at N = 1000 (1.40x); terraform_data per resource 3.28 vs 0.89 ms (3.66x); provider CPU per refreshed key 1.88 vs 2.89 ms (0.65x); peak RSS 90.1 MB',
    );
  });

  it('says why when the big run failed, and leaves out what the small run lacks', () => {
    expect(bigText(undefined, { n: 5000, latencyMs: 2, unavailable: 'terraform plan exited 1' })).toBe('unavailable: terraform plan exited 1');
    expect(bigText(undefined, at(5000, 32857, 16378, 9480, 90.1))).toBe('plan 32857 ms; peak RSS 90.1 MB');
  });
});
