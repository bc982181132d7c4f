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

describe('the cdktf-powerscale/constructs export', () => {
  it('loads with require() from the CommonJS bundle', () => {
    const out = runNode(['-e', "const c = require('cdktf-powerscale/constructs'); console.log(typeof c.S3Key, typeof c.PowerScaleCluster, typeof c.PowerScaleProvider)"]);
    expect(out).toBe('function function function');
  });

  it('loads with import from the ESM bundle', () => {
    const out = runNode(['--input-type=module', '-e', "import { S3Key, SecretStore } from 'cdktf-powerscale/constructs'; console.log(typeof S3Key, typeof SecretStore.file)"]);
    expect(out).toBe('function function');
  });

  it('ships type declarations at the path package.json names', () => {
    expect(existsSync(join(repo, 'dist/types/constructs/index.d.ts'))).toBe(true);
  });
});
