import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMarkdown } from '../preview/markdown-check';
import { decodePlan } from './plan-document';
import { cell, planHasChanges, renderPlanSummary } from './render';
import { code } from './values';
import { fixturePath, loadFixture } from './test-fixtures';

function summary(name: string): string {
  return renderPlanSummary(decodePlan(loadFixture(name)));
}

function rowOf(markdown: string, address: string): string {
  const row = markdown.split('\n').find((l) => /^\| `\S+` (create|update|replace|delete|read|forget) \| /.test(l) && l.includes(`| \`${address}\` |`));
  if (row === undefined) throw new Error(`no table row for ${address}`);
  return row;
}

describe('renderPlanSummary', () => {
  const all = summary('all-actions.json');

  it('counts creates, updates, replacements and deletes in the headline', () => {
    expect(all.split('\n')[0]).toBe('### Terraform plan: 1 to create, 3 to update, 2 to replace, 1 to delete');
  });

  it('lists each changed resource once with its action, leaving unchanged ones out', () => {
    for (const [address, kind] of [
      ['powerscale_s3_key.erin', 'create'],
      ['powerscale_s3_key.alice', 'update'],
      ['powerscale_s3_key.carol', 'replace'],
      ['powerscale_s3_key.frank', 'replace'],
      ['powerscale_s3_key.dave', 'delete'],
    ] as const) {
      expect(rowOf(all, address)).toContain(` ${kind} |`);
    }
    expect(all).not.toContain('`powerscale_cluster.Cluster` |');
  });

  it('explains a change of rotation_triggers as a rotation with the grace period', () => {
    expect(rowOf(all, 'powerscale_s3_key.alice')).toContain(
      '**Rotation**: mints a new secret for `System/alice` (same access id); the current secret stays valid for 60 minutes after the apply (`existing_key_expiry_minutes`). The tenant must re-read `s3-alice` from the secret store.',
    );
  });

  it('explains an update that mints nothing as an in-place update naming the attribute', () => {
    expect(rowOf(all, 'powerscale_s3_key.bob')).toContain('Updates `System/bob` in place (`existing_key_expiry_minutes`); no new secret is minted.');
  });

  it('explains a replacement with its cause and the order of delete and create', () => {
    const carol = rowOf(all, 'powerscale_s3_key.carol');
    expect(carol).toContain('**Replacement** because `zone` changed: deletes the key of `System/carol` and mints a new access id and secret for `tenant-c/carol`.');
    expect(carol).toContain('The old key is deleted first');
    expect(rowOf(all, 'powerscale_s3_key.frank')).toContain('because replacement was requested (-replace)');
    expect(rowOf(all, 'powerscale_s3_key.frank')).toContain('The new key is minted before the old one is deleted.');
  });

  it('explains a delete with the access id that stops working and the secret that is removed', () => {
    expect(rowOf(all, 'powerscale_s3_key.dave')).toContain('**Deletes** the key of `System/dave`: applications using access id `1_dave_accid` lose access, and `tenant-d-s3` is removed from the secret store.');
  });

  it('says a derived secret name is not known yet on create', () => {
    expect(rowOf(all, 'powerscale_s3_key.erin')).toContain('the secret goes to the secret store as a name derived by the provider');
  });

  it('warns when tenants lose or must re-read credentials', () => {
    expect(all).toContain("> 4 changes affect tenants' working S3 credentials");
  });

  it('marks the attribute that forces a replacement', () => {
    expect(all).toContain('| `zone` (forces replacement) | `System` | `tenant-c` |');
  });

  it('never prints a value marked sensitive, in resources or outputs', () => {
    expect(all).not.toMatch(/canary-[a-z]+-SECRET/);
    expect(all).toContain('| `input` | _(sensitive)_ | _(sensitive)_ |');
    expect(all).toContain('| `admin_password` | update | _(sensitive)_ |');
  });

  it('shows unknown outputs as known after apply and removed outputs as removed', () => {
    expect(all).toContain('| `erin_access_id` | create | _(known after apply)_ |');
    expect(all).toContain('| `dave_access_id` | delete | _removed_ |');
    expect(all).not.toContain('`alice_secret_name` |');
  });

  it('says so when nothing changes', () => {
    const none = summary('no-changes.json');
    expect(none.split('\n')[0]).toBe('### Terraform plan: no changes');
    expect(none).toContain('applying this plan changes nothing');
    expect(none).not.toContain('| Action |');
  });

  it('reads a plan written by the real terraform and masks its sensitive output', () => {
    const raw = readFileSync(fixturePath('terraform-data-real.json'), 'utf8');
    expect(raw).toContain('hunter2');
    const real = summary('terraform-data-real.json');
    expect(real.split('\n')[0]).toBe('### Terraform plan: 1 to create, 1 to update, 1 to replace, 1 to delete');
    expect(real).toContain('| `triggers_replace` (forces replacement) | `["x"]` | `["y"]` |');
    expect(real).not.toContain('hunter2');
  });

  describe('imports (a plan of import blocks by the real terraform 1.11.4: bob\'s secret in the store, carol\'s not)', () => {
    const raw = loadFixture('imports-real.json') as { resource_changes: { address: string }[] };
    const imports = renderPlanSummary(decodePlan(raw));

    it('counts imports in the headline as terraform does, also one that rotates', () => {
      expect(imports.split('\n')[0]).toBe('### Terraform plan: 2 to import, 0 to create, 1 to update, 0 to replace, 0 to delete');
    });

    it('lists an import that changes nothing, saying the key keeps its secret', () => {
      expect(imports).toContain('| import | `powerscale_s3_key.bob` | Imports the key of `System/bob` as it is: its secret is already in the secret store as `powerscale-s3-System-bob`, so nothing is minted');
      expect(imports).not.toContain('`powerscale_s3_key.alice` |');
    });

    it('says an import that rotates is imported, then explains the rotation and its grace window', () => {
      expect(imports).toMatch(/\| `~` update \| `powerscale_s3_key\.carol` \| Imports `System\/carol`, then: \*\*Rotation\*\*.*the current secret stays valid until \S+Z if applied when planned \(60 minutes counted from the apply: `adoption_expiry_minutes`\)/);
    });

    it('does not call a plan that only imports a plan without changes', () => {
      const only = decodePlan({ ...raw, resource_changes: raw.resource_changes.filter((rc) => rc.address !== 'powerscale_s3_key.carol') });
      expect(planHasChanges(only)).toBe(true);
      const text = renderPlanSummary(only);
      expect(text.split('\n')[0]).toBe('### Terraform plan: 1 to import, 0 to create, 0 to update, 0 to replace, 0 to delete');
      expect(text).not.toContain('[!WARNING]');
      expect(checkMarkdown(text).problems).toEqual([]);
    });
  });

  it('uses the given title', () => {
    expect(renderPlanSummary(decodePlan(loadFixture('no-changes.json')), { title: 'prod-east' }).split('\n')[0]).toBe('### prod-east: no changes');
  });

  it('keeps a table row whole, as a GFM parser reads it, whatever the quoted values hold', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '|', '\\', '`', '\n', ' ') });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const row = `| ${cell(`Moves ${code(a)} to ${code(b)}`)} | x |`;
        expect(checkMarkdown(`| A | B |\n| --- | --- |\n${row}\n`).problems).toEqual([]);
      }),
    );
  });
});
