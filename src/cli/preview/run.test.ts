import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../commands/preview';
import { checkMarkdown } from './markdown-check';
import { PreviewUsageError, runPreview, type PreviewOptions } from './run';

const root = mkdtempSync(join(tmpdir(), 'preview-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A stand-in terraform that plays back `fake-plan.json` of the stack directory, or fails the plan
// when the directory holds `fail`.
const terraform = join(root, 'terraform');
writeFileSync(
  terraform,
  `#!/usr/bin/env node
const fs = require('fs');
const [step, ...args] = process.argv.slice(2);
if (step === 'plan') {
  if (fs.existsSync('fail')) {
    process.stdout.write(JSON.stringify({ type: 'diagnostic', diagnostic: { severity: 'error', summary: 'Unable to connect', detail: 'connection refused' } }) + '\\n');
    process.exit(1);
  }
  fs.writeFileSync(args.find((a) => a.startsWith('-out=')).slice(5), 'plan');
}
if (step === 'show') process.stdout.write(fs.readFileSync('fake-plan.json', 'utf8'));
`,
);
chmodSync(terraform, 0o755);

const create = { address: 'powerscale_s3_key.a', mode: 'managed', type: 'powerscale_s3_key', name: 'a', change: { actions: ['create'], before: null, after: { user: 'alice', zone: 'System' } } };
const noop = { ...create, change: { actions: ['no-op'], before: {}, after: {} } };

/** An app whose stacks are `stacks` (name → its plan's resource changes, or 'fail'). */
function app(stacks: Record<string, unknown[] | 'fail'>): string {
  const dir = mkdtempSync(join(root, 'app-'));
  const manifest: Record<string, unknown> = {};
  for (const [name, plan] of Object.entries(stacks)) {
    const stackDir = join(dir, 'cdktf.out', 'stacks', name);
    mkdirSync(stackDir, { recursive: true });
    if (plan === 'fail') writeFileSync(join(stackDir, 'fail'), '');
    else writeFileSync(join(stackDir, 'fake-plan.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: plan }));
    manifest[name] = { name, workingDirectory: `stacks/${name}`, dependencies: [] };
  }
  writeFileSync(join(dir, 'manifest.src.json'), JSON.stringify({ version: '0.21.0', stacks: manifest }));
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ app: 'cp manifest.src.json cdktf.out/manifest.json' }));
  return dir;
}

function options(dir: string, extra: Partial<PreviewOptions> = {}): PreviewOptions {
  return { dir, format: 'github', maxChars: 65_000, parallel: 2, env: process.env, terraform, log: () => undefined, name: 'demo', ...extra };
}

describe('runPreview', () => {
  it('exits 2 when a stack changes, with every stack in one sound document', async () => {
    const result = await runPreview(options(app({ tenants: [create], 'cluster-settings': [noop] })));
    expect(result.exitCode).toBe(2);
    const md = result.rendered?.markdown ?? '';
    expect(md.split('\n')[0]).toBe('<!-- cdktf-powerscale preview: demo -->');
    expect(md).toContain('### `tenants`: 1 to create, 0 to update, 0 to replace, 0 to delete');
    expect(md).toContain('**No changes** in 1 stack: `cluster-settings`.');
    expect(checkMarkdown(md).problems).toEqual([]);
  });

  it('exits 0 when no stack changes', async () => {
    expect((await runPreview(options(app({ a: [noop], b: [] })))).exitCode).toBe(0);
  });

  it('exits 1 when a stack fails, and still reports the stacks that planned', async () => {
    const result = await runPreview(options(app({ broken: 'fail', tenants: [create] }), { parallel: 1 }));
    expect(result.exitCode).toBe(1);
    const md = result.rendered?.markdown ?? '';
    expect(md).toContain('### `broken`: failed at `terraform plan`');
    expect(md).toContain('Error: Unable to connect\n\nconnection refused');
    expect(md).toContain('### `tenants`: 1 to create');
  });

  it('plans only the stacks asked for, and names the ones the app does not have', async () => {
    const dir = app({ a: [create], b: 'fail' });
    expect((await runPreview(options(dir, { stacks: ['a'] }))).exitCode).toBe(2);
    await expect(runPreview(options(dir, { stacks: ['a', 'nope'] }))).rejects.toThrow(new PreviewUsageError('--stack names a stack the app does not have: nope (it has: a, b)'));
  });

  it('exits 1 with a document that says synthesis failed, keeping the app output for the log only', async () => {
    const dir = mkdtempSync(join(root, 'bad-'));
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ app: 'echo app-output-detail >&2; exit 4' }));
    const log: string[] = [];
    const result = await runPreview(options(dir, { log: (l) => log.push(l) }));
    expect(result.exitCode).toBe(1);
    expect(result.rendered?.markdown).toContain('## Preview of `demo`: synthesis failed');
    expect(result.rendered?.markdown).not.toContain('app-output-detail');
    expect(log.join('\n')).toContain('app-output-detail');
  });
});

describe('cdktf-powerscale preview (command line)', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [['--format', 'html'], '--format must be one of github, gitlab, plain (got "html")'],
    [['--max-chars', '65k'], '--max-chars must be a whole number from 0 to 100000000 (got "65k")'],
    [['--parallel', '0'], '--parallel must be a whole number from 1 to 64 (got "0")'],
    [['--stack', 'a,,b'], '--stack must name stacks, separated by commas'],
    [['a', 'b'], 'one app directory at most (got 2)'],
  ])('exits 1 on %j, naming the option and what it accepts', async (args, message) => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
    expect(await run(args)).toBe(1);
    expect(err.join('')).toContain(`preview: ${message}`);
  });

  it('exits 1 saying what to do when the directory is not a CDK app', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
    expect(await run([root])).toBe(1);
    expect(err.join('')).toContain(`preview: no cdktf.json in ${root}: run preview in a CDK app directory`);
  });
});
