/**
 * Every example file shown on a generated doc page (examples/provider, examples/resources/<type>,
 * examples/data-sources/<type>, examples/ephemeral-resources/<type>) passes `terraform validate`
 * with the real terraform and this checkout's provider: the provider's own schema, validators and
 * provider-block checks, offline. One workspace per example directory, run one after another.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR } from '../../scripts/doc-extras';
import { createProviderServer } from '../../src/provider/server';
import { createTerraformWorkspace, REQUIRED_PROVIDERS, runTerraform, writeMainTf } from '../helpers/terraform';

/** `resources/powerscale_s3_key`, ... : every directory of examples that holds .tf files. */
function exampleDirs(): string[] {
  const dirs = readdirSync(join(EXAMPLES_DIR, 'provider')).some((f) => f.endsWith('.tf')) ? ['provider'] : [];
  for (const kind of ['resources', 'data-sources', 'ephemeral-resources']) {
    for (const type of readdirSync(join(EXAMPLES_DIR, kind))) dirs.push(`${kind}/${type}`);
  }
  return dirs;
}

describe('doc examples', () => {
  const dirs = exampleDirs();

  it('cover every type the provider serves, and name no type it does not', () => {
    const schema = createProviderServer().getProviderSchema();
    const served = [
      ...Object.keys(schema.resourceSchemas).map((t) => `resources/${t}`),
      ...Object.keys(schema.dataSourceSchemas).map((t) => `data-sources/${t}`),
      ...Object.keys(schema.ephemeralResourceSchemas ?? {}).map((t) => `ephemeral-resources/${t}`),
    ];
    expect(dirs.filter((d) => d !== 'provider').sort()).toEqual(served.sort());
  });

  it.each(dirs)('%s passes terraform validate', async (dir) => {
    const ws = createTerraformWorkspace();
    try {
      const files = readdirSync(join(EXAMPLES_DIR, dir)).filter((f) => f.endsWith('.tf'));
      expect(files).toContain(dir === 'provider' ? 'provider.tf' : 'main.tf');
      for (const f of files) copyFileSync(join(EXAMPLES_DIR, dir, f), join(ws.dir, f));
      if (!files.some((f) => readFileSync(join(EXAMPLES_DIR, dir, f), 'utf8').includes('required_providers'))) writeMainTf(ws, REQUIRED_PROVIDERS, 'versions.tf');
      const result = await runTerraform(ws, ['validate']);
      expect(result.stdout + result.stderr).toContain('The configuration is valid');
      expect(result.code, result.stdout + result.stderr).toBe(0);
    } finally {
      ws.cleanup();
    }
  });
});
