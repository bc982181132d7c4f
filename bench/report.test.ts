import { describe, expect, it } from 'vitest';
import { bigText, formatReport, type BenchReport, type LatencyReport, type RssReport } from './report';

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

describe('the -refresh=false rows', () => {
  const fig = (median: number) => ({ median, min: median, max: median, runs: 5, unit: 'ms', samples: [median] });
  const report = (plan: LatencyReport['plan']): BenchReport => ({
    startedAt: '2026-12-03T14:00:00Z',
    machine: { node: 'v20.20.2', terraform: '1.11.4', cpus: 2, cpuModel: 'x', loadAverageAtStart: [0, 0, 0], nodeExtraCaCerts: false },
    options: {},
    spawn: [],
    latencies: [{ latencyMs: 2, n: 200, plan, stats: {}, notes: [] }],
    durationSeconds: 1,
  });

  it('prints the plan without a refresh next to terraform_data, in section 2 and in the issue table', () => {
    const text = formatReport(report({ s3One: fig(363), dataOne: fig(40), s3N: fig(1243), dataN: fig(137), s3OneNoRefresh: fig(270), s3NNoRefresh: fig(628) }));
    expect(text).toMatch(/N = 200 {3}powerscale_s3_key, -refresh=false +628 +628 +628 +5/);
    expect(text).toContain('without the refresh (-refresh=false: no HTTP, the floor a free refresh would leave), N = 1: 6.75x (mins: 6.75x); N = 200: 4.58x (mins: 4.58x)');
    expect(text).toMatch(/the same keys with -refresh=false \(no HTTP: the floor of a free refresh\) +N = 1: 270 \/ 40 ms = 6\.75x \(mins: 6\.75x\); N = 200: 628 \/ 137 ms = 4\.58x/);
  });

  it('leaves them out where they were not measured (a second latency)', () => {
    const text = formatReport(report({ s3One: fig(363), dataOne: fig(40), s3N: fig(1243), dataN: fig(137) }));
    expect(text).not.toContain('-refresh=false,');
    expect(text).not.toContain('without the refresh');
  });
});
