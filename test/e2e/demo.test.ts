/**
 * `npm run demo` end to end: the command a new user runs first. It must pass every step (deploy,
 * no-change diff, secret-free state, a rotation, destroy) and exit 0, with numbered progress lines,
 * and end with what to do next.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../src/cli/demo/run-process';
import { findPackage } from '../../src/cli/install-provider';

describe('npm run demo', () => {
  it('deploys, diffs with no changes, checks the state for secrets, rotates, destroys, says what to do next, and exits 0', async () => {
    const pkg = findPackage();
    const result = await runProcess(process.execPath, [join(pkg.root, 'bin', 'cdktf-powerscale'), 'demo'], { cwd: pkg.root, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    expect(result.output).toMatch(/\[5\/8\] cdktn diff .*\n\s+no changes/);
    expect(result.output).toMatch(/\[6\/8\] checking that the Terraform state holds no secret .*\n\s+2 secret keys in the store/);
    expect(result.output).toMatch(/\[7\/8\] rotating both keys .*\n\s+2 keys rotated in place \(powerscale-s3-System-alice, powerscale-s3-System-bob\): same access ids, new secrets in the store, and the previous secrets still work/);
    expect(result.output).toMatch(/\[8\/8\] cdktn destroy .*\n\s+destroyed/);
    expect(result.output).toMatch(/alice_access_id = "\S+"/);
    const next = result.output.slice(result.output.indexOf('What next:'));
    expect(next).toMatch(/The secrets were in the file store \/\S+\/secrets\.json/);
    expect(next).toContain('npm run demo -- --keep');
    expect(next).toContain('node -p "JSON.parse(JSON.parse(require(\'fs\')');
    expect(next).toContain('Point it at a real cluster: write examples/quickstart/cluster.json');
    expect(result.code, result.output).toBe(0);
  });

  it('prints a one-line install hint and exits 1 when terraform is missing', async () => {
    const pkg = findPackage();
    const result = await runProcess(process.execPath, [join(pkg.root, 'bin', 'cdktf-powerscale'), 'demo'], { cwd: pkg.root, env: { ...process.env, PATH: '/nonexistent' } });
    expect(result.code).toBe(1);
    expect(result.output.trimEnd().split('\n')).toEqual([expect.stringMatching(/^demo: terraform was not found on PATH; install Terraform .*https:\/\/developer\.hashicorp\.com\/terraform\/install/)]);
  });
});
