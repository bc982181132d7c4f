import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../commands/plan-summary';
import { fixturePath } from './test-fixtures';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
  return { out, err };
}

describe('cdktf-powerscale plan-summary', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the Markdown summary of a plan file and exits 0', async () => {
    const { out } = capture();
    expect(await run([fixturePath('all-actions.json'), '--title', 'prod'])).toBe(0);
    expect(out.join('')).toMatch(/^### prod: 1 to create, 3 to update, 2 to replace, 1 to delete/);
  });

  it('exits 1 with a hint when given a binary plan instead of JSON', async () => {
    const { err } = capture();
    expect(await run([fixturePath('README.md')])).toBe(1);
    expect(err.join('')).toContain('terraform show -json PLANFILE > plan.json');
  });

  it('exits 1 with the usage when no file is given', async () => {
    const { err } = capture();
    expect(await run([])).toBe(1);
    expect(err.join('')).toContain('usage: cdktf-powerscale plan-summary PLAN.json');
  });

  it('exits 1 naming the file when it cannot be read', async () => {
    const { err } = capture();
    expect(await run(['/nonexistent/plan.json'])).toBe(1);
    expect(err.join('')).toBe('plan-summary: cannot read /nonexistent/plan.json: ENOENT\n');
  });
});
