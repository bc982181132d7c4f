import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnosticsFromJsonLines, diagnosticsFromText, mapWithLimit, planStack } from './terraform';

const dir = mkdtempSync(join(tmpdir(), 'preview-tf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in terraform: FAKE_TF says which step fails and how; the plan file path is recorded.
const fake = join(dir, 'terraform');
writeFileSync(
  fake,
  `#!/usr/bin/env node
const fs = require('fs');
const [step, ...args] = process.argv.slice(2);
const mode = process.env.FAKE_TF || '';
if (step === 'init' && mode === 'init') {
  process.stderr.write('\\nError: Failed to query available provider packages\\n\\n  on cdk.tf.json line 12, in provider "powerscale":\\n  12:   "password": "CANARY-pw",\\n\\nCould not retrieve the list of available versions.\\n');
  process.exit(1);
}
if (step === 'plan') {
  const out = args.find((a) => a.startsWith('-out=')).slice(5);
  fs.writeFileSync(process.env.FAKE_RECORD, out);
  if (mode === 'plan') {
    process.stdout.write(JSON.stringify({ type: 'version' }) + '\\n' + JSON.stringify({ type: 'diagnostic', diagnostic: { severity: 'error', summary: 'Unable to Read S3 Key', detail: 'PAPI 503', address: 'powerscale_s3_key.a', snippet: { code: 'CANARY-pw' } } }) + '\\n');
    process.exit(1);
  }
  fs.writeFileSync(out, 'binary plan');
}
if (step === 'show') {
  if (mode === 'show') { process.stdout.write('not json CANARY-pw'); process.exit(0); }
  process.stdout.write(JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [{ address: 'a.b', type: 'a', name: 'b', change: { actions: ['create'], after: {} } }] }));
}
`,
);
chmodSync(fake, 0o755);
const record = join(dir, 'plan-path');

function outcome(mode: string) {
  return planStack(dir, { terraform: fake, env: { ...process.env, FAKE_TF: mode, FAKE_RECORD: record } });
}

describe('planStack', () => {
  it('plans into a private temporary file, reads it back as JSON, and removes it', async () => {
    const result = await outcome('');
    expect(result.kind).toBe('planned');
    expect(result.kind === 'planned' && result.plan.resourceChanges.map((rc) => rc.address)).toEqual(['a.b']);
    const { readFileSync } = await import('node:fs');
    expect(existsSync(readFileSync(record, 'utf8'))).toBe(false);
  });

  it('reports a failed init with its error but without the configuration snippet', async () => {
    const result = await outcome('init');
    expect(result).toEqual({ kind: 'failed', step: 'init', errors: 'Error: Failed to query available provider packages\n\nCould not retrieve the list of available versions.' });
  });

  it('reports a failed plan with the error diagnostics of its JSON output', async () => {
    const result = await outcome('plan');
    expect(result).toEqual({ kind: 'failed', step: 'plan', errors: 'Error: Unable to Read S3 Key (powerscale_s3_key.a)\n\nPAPI 503' });
  });

  it('never quotes what show printed when it is not a plan', async () => {
    const result = await outcome('show');
    expect(result.kind).toBe('failed');
    expect(JSON.stringify(result)).not.toContain('CANARY');
  });

  it('reports a terraform that cannot be started as a failed init', async () => {
    const result = await planStack(dir, { terraform: join(dir, 'missing'), env: process.env });
    expect(result).toEqual({ kind: 'failed', step: 'init', errors: expect.stringMatching(/^Error: cannot run .*missing: ENOENT$/) });
  });
});

describe('diagnostics', () => {
  it('keeps errors and drops warnings and box drawing from human output', () => {
    const text = '╷\n│ Warning: Deprecated\n│ \n│ old thing\n╵\n╷\n│ Error: Bad\n│ \n│   on main.tf line 3:\n│    3: x = 1\n│ \n│ It is bad.\n╵\n';
    expect(diagnosticsFromText(text)).toBe('Error: Bad\n\nIt is bad.');
  });

  it('ignores JSON lines that are not error diagnostics', () => {
    expect(diagnosticsFromJsonLines('{"type":"diagnostic","diagnostic":{"severity":"warning","summary":"w"}}\nnot json\n')).toBe('');
  });
});

describe('mapWithLimit', () => {
  it('never runs more than the limit at once and keeps the order of the results', async () => {
    let running = 0;
    let most = 0;
    const results = await mapWithLimit([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});
