import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackage } from '../install-provider';
import { writeExampleProject } from './project';

const dir = mkdtempSync(join(tmpdir(), 'example-project-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeExampleProject', () => {
  it('writes a cdktf.json that runs the example with this package tsx and passes the cluster as context', async () => {
    const pkg = findPackage();
    const cluster = { endpoint: 'https://127.0.0.1:9', username: 'admin', passwordFile: '/tmp/pw', secretStore: { type: 'file' as const, path: join(dir, 's.json') } };
    const project = await writeExampleProject(dir, pkg.root, 'quickstart', cluster);
    const json = JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8')) as { app: string; sendCrashReports: string; context: Record<string, unknown> };
    expect(json.app).toContain(`'${join(pkg.root, 'examples', 'quickstart', 'main.ts')}'`);
    expect(json.app).toContain('node_modules/tsx/');
    expect(json.sendCrashReports).toBe('false');
    expect(json.context).toEqual({ powerscale: cluster, stateFile: join(dir, 'terraform.quickstart.tfstate') });
    expect(project).toEqual({ dir, stackDir: join(dir, 'cdktf.out', 'stacks', 'quickstart'), stateFile: join(dir, 'terraform.quickstart.tfstate'), secretsFile: join(dir, 's.json') });
  });
});
