import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');

// Users `npm install cdktf-powerscale` and import the constructs by the package name; Node resolves
// a package's own name through its "exports", so a child process in the repo sees what they see.
function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: repo, encoding: 'utf8' }).trim();
}

describe.each([
  ['cdktf-powerscale/constructs', 'cdktf', 'dist/types/cdktf/constructs/index.d.ts'],
  ['cdktf-powerscale/cdktn', 'cdktn', 'dist/types/cdktn/constructs/index.d.ts'],
] as const)('the %s export', (subpath, core, types) => {
  it(`loads with require() from the CommonJS bundle, built on ${core}`, () => {
    const out = runNode(['-e', `const c = require('${subpath}'); const core = require('${core}'); console.log(typeof c.S3Key, typeof c.PowerScaleCluster, typeof c.PowerScaleProvider, Object.getPrototypeOf(c.TfPowerscaleCluster) === core.TerraformResource)`]);
    expect(out).toBe('function function function true');
  });

  it(`loads with import from the ESM bundle, built on ${core}`, () => {
    const out = runNode(['--input-type=module', '-e', `import { S3Key, SecretStore, TfPowerscaleProvider } from '${subpath}'; import { TerraformProvider } from '${core}'; console.log(typeof S3Key, typeof SecretStore.file, Object.getPrototypeOf(TfPowerscaleProvider) === TerraformProvider)`]);
    expect(out).toBe('function function true');
  });

  it('ships type declarations at the path package.json names', () => {
    expect(existsSync(join(repo, types))).toBe(true);
    expect(existsSync(join(repo, types.replace(/\.d\.ts$/, '.d.cts')))).toBe(true);
  });
});
