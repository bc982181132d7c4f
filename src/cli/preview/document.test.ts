import { describe, expect, it } from 'vitest';
import { decodePlan, type PlanDocument } from '../plan-summary';
import { DEFAULT_MAX_CHARS, previewMarker, renderPreview, type PreviewInput, type StackPreview } from './document';
import { checkMarkdown } from './markdown-check';

type Raw = Record<string, unknown>;

function key(name: string, actions: string[], before: Raw | null, after: Raw | null, extra: Raw = {}): Raw {
  return { address: `powerscale_s3_key.${name}`, mode: 'managed', type: 'powerscale_s3_key', name, change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...extra } };
}

function keyAttrs(user: string, over: Raw = {}): Raw {
  return { id: `System/${user}`, user, zone: 'System', secret_name: `s3-${user}`, existing_key_expiry_minutes: 30, rotation_triggers: { v: '1' }, access_id: `1_${user}_accid`, secret_key_timestamp: 100, ...over };
}

function plan(changes: Raw[], drift: Raw[] = [], outputs: Raw = {}): PlanDocument {
  return decodePlan({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: changes, resource_drift: drift, output_changes: outputs });
}

function planned(name: string, p: PlanDocument): StackPreview {
  return { name, workingDirectory: `cdktf.out/stacks/${name}`, outcome: { kind: 'planned', plan: p } };
}

/** A plan of `n` S3 keys: a quarter each created, rotated, replaced and deleted. */
function bigPlan(n: number): PlanDocument {
  const changes: Raw[] = [];
  for (let i = 0; i < n; i++) {
    const user = `user${String(i).padStart(4, '0')}`;
    switch (i % 4) {
      case 0:
        changes.push(key(user, ['create'], null, keyAttrs(user, { access_id: null, secret_key_timestamp: null }), { after_unknown: { access_id: true, secret_key_timestamp: true } }));
        break;
      case 1:
        changes.push(key(user, ['update'], keyAttrs(user), keyAttrs(user, { rotation_triggers: { v: '2' }, secret_key_timestamp: null }), { after_unknown: { secret_key_timestamp: true } }));
        break;
      case 2:
        changes.push(key(user, ['delete', 'create'], keyAttrs(user), keyAttrs(user, { zone: 'tenant-b', access_id: null }), { after_unknown: { access_id: true }, replace_paths: [['zone']] }));
        break;
      default:
        changes.push(key(user, ['delete'], keyAttrs(user), null));
    }
  }
  return plan(changes);
}

const rotatedOutside = key('alice', ['update'], keyAttrs('alice'), keyAttrs('alice', { secret_key_timestamp: 200 }));
const sensitive = key('carol', ['update'], keyAttrs('carol', { note: 'CANARY-before' }), keyAttrs('carol', { note: 'CANARY-after' }), { before_sensitive: { note: true }, after_sensitive: { note: true } });

function smallInput(): PreviewInput {
  const tenants = plan(
    [
      key('alice', ['update'], keyAttrs('alice', { secret_key_timestamp: 200 }), keyAttrs('alice', { secret_key_timestamp: null }), { after_unknown: { secret_key_timestamp: true } }),
      key('bob', ['create'], null, keyAttrs('bob', { access_id: null }), { after_unknown: { access_id: true } }),
      sensitive,
    ],
    [rotatedOutside],
    { access_ids: { actions: ['update'], before: { a: '1' }, after: null, after_unknown: true, before_sensitive: false, after_sensitive: false } },
  );
  return {
    app: 'multi-tenant',
    cdk: 'cdktf',
    stacks: [planned('tenants', tenants), planned('cluster-settings', plan([])), planned('archive', plan([])), { name: 'broken', workingDirectory: 'cdktf.out/stacks/broken', outcome: { kind: 'failed', step: 'plan', errors: 'Error: Unable to connect\n\nconnection refused ```' } }],
  };
}

function sectionOf(markdown: string, stack: string): string {
  const start = markdown.indexOf(`### \`${stack}\``);
  if (start < 0) throw new Error(`no section for ${stack}`);
  const next = markdown.indexOf('\n### ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

describe('renderPreview', () => {
  const small = renderPreview(smallInput()).markdown;

  it('opens with the hidden marker of the app, the same on every run', () => {
    expect(small.split('\n')[0]).toBe('<!-- cdktf-powerscale preview: multi-tenant -->');
    expect(renderPreview(smallInput()).markdown).toBe(small);
  });

  it('keeps the marker an HTML comment whatever the app is called', () => {
    expect(previewMarker('evil --> <script>')).toBe('<!-- cdktf-powerscale preview: evil-script -->');
    expect(checkMarkdown(previewMarker('a-->b')).html).toEqual(['<!-- cdktf-powerscale preview: a-b -->']);
  });

  it('is sound GitHub Markdown: every table row has its header\'s cell count and <details> blocks balance', () => {
    const report = checkMarkdown(small);
    expect(report.problems).toEqual([]);
    expect(report.tables.length).toBeGreaterThanOrEqual(3);
    expect(report.html.filter((h) => h.startsWith('<details>'))).toHaveLength(1);
  });

  it('gives each stack with changes a headline with its counts, and collapses the unchanged ones into one line', () => {
    const report = checkMarkdown(small);
    expect(report.headings).toContain('tenants: 1 to create, 2 to update, 0 to replace, 0 to delete');
    expect(small).toContain('**No changes** in 2 stacks: `cluster-settings`, `archive`.');
    expect(report.headings.some((h) => h.startsWith('cluster-settings'))).toBe(false);
  });

  it('has a drift section that names the key rotated outside Terraform', () => {
    const tenants = sectionOf(small, 'tenants');
    expect(tenants).toContain('**Changed outside Terraform**: 1 resource since the last apply');
    expect(tenants).toContain('| `powerscale_s3_key.alice` | The key of `System/alice` was rotated outside Terraform');
  });

  it('warns about changes that break credentials before anything else', () => {
    const warning = small.slice(0, small.indexOf('### '));
    expect(warning).toContain('> [!WARNING]');
    expect(warning).toContain("> - `tenants`: 1 change breaks or replaces tenants' working S3 credentials: `powerscale_s3_key.alice` (rotation).");
  });

  it('reports a failing stack with its errors without hiding the others', () => {
    const broken = sectionOf(small, 'broken');
    expect(broken).toContain('### `broken`: failed at `terraform plan`');
    expect(broken).toContain('Error: Unable to connect');
    expect(small).toContain('### `tenants`:');
    expect(small.split('\n')[1]).toBe('## Preview of `multi-tenant`: 4 stacks, 1 with changes, 2 without, 1 failed');
    // The error text holds a backtick fence of its own; the document's fence must outlast it.
    expect(checkMarkdown(broken).problems).toEqual([]);
    expect(broken).toContain('````\nError: Unable to connect');
  });

  it('never prints a value marked sensitive', () => {
    expect(small).not.toContain('CANARY');
    expect(small).toContain('| `note` | _(sensitive)_ | _(sensitive)_ |');
  });

  it('keeps table cells intact when addresses and values hold pipes and newlines', () => {
    const odd = key('odd', ['update'], keyAttrs('a|b'), keyAttrs('a|b', { secret_name: 'x|y\nz' }));
    (odd as { address: string }).address = 'powerscale_s3_key.k["a|b"]';
    const md = renderPreview({ app: 'x', cdk: 'cdktf', stacks: [planned('s', plan([odd], [odd]))] }).markdown;
    const report = checkMarkdown(md);
    expect(report.problems).toEqual([]);
    expect(report.tables[0]?.[1]?.[0]).toBe('powerscale_s3_key.k["a|b"]');
  });

  it('uses no HTML at all in the plain format, and no GitHub alert in the GitLab format', () => {
    const plain = renderPreview(smallInput(), { format: 'plain' }).markdown;
    expect(checkMarkdown(plain).html).toEqual([]);
    expect(plain).toContain('#### Attribute changes');
    const gitlab = renderPreview(smallInput(), { format: 'gitlab' }).markdown;
    expect(gitlab).not.toContain('[!WARNING]');
    expect(gitlab).toContain('> **Warning**');
    expect(gitlab.split('\n')[0]).toBe(previewMarker('multi-tenant'));
    expect(checkMarkdown(gitlab).problems).toEqual([]);
  });

  it('drops the tables of the largest stack first, then its attribute changes, saying what was left out', () => {
    const input: PreviewInput = { app: 'a', cdk: 'cdktf', stacks: [planned('big', bigPlan(40)), planned('small', bigPlan(4))] };
    const full = renderPreview(input, { maxChars: 0 }).markdown;
    const tablesDropped = renderPreview(input, { maxChars: full.length - 1 });
    expect(tablesDropped.shortened).toEqual(['big']);
    const big = sectionOf(tablesDropped.markdown, 'big');
    expect(big).not.toContain('| Action | Resource | What it means |');
    expect(big).toContain('<summary>Attribute changes</summary>');
    expect(big).toContain('_Left out to stay within');
    expect(big).toContain('`cdktf-powerscale preview --stack big --max-chars 0`');
    expect(sectionOf(tablesDropped.markdown, 'small')).toContain('| Action | Resource | What it means |');

    const noAttributes = renderPreview(input, { maxChars: full.length - sectionOf(full, 'big').length + 400 }).markdown;
    expect(sectionOf(noAttributes, 'big')).not.toContain('Attribute changes');
    expect(sectionOf(noAttributes, 'big')).toContain('### `big`: 10 to create, 10 to update, 10 to replace, 10 to delete');
  });

  it('renders a plan of 3,000 resources within 65,000 characters with its headline and warnings intact', () => {
    const result = renderPreview({ app: 'big', cdk: 'cdktf', stacks: [planned('tenants', bigPlan(3000)), planned('cluster-settings', plan([]))] });
    expect(result.markdown.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    expect(result.overLimit).toBe(false);
    expect(result.shortened).toEqual(['tenants']);
    const report = checkMarkdown(result.markdown);
    expect(report.problems).toEqual([]);
    expect(report.headings).toContain('tenants: 750 to create, 750 to update, 750 to replace, 750 to delete');
    expect(result.markdown).toContain("> - `tenants`: 2250 changes break or replace tenants' working S3 credentials: `powerscale_s3_key.user0001` (rotation), `powerscale_s3_key.user0002` (replacement)");
    expect(result.markdown).toContain(', and 2240 more.');
    expect(result.markdown).toContain('**No changes** in 1 stack: `cluster-settings`.');
    expect(result.markdown).toContain('_Left out to stay within 65000 characters');
  });

  it('says so when even the headlines and warnings do not fit', () => {
    expect(renderPreview(smallInput(), { maxChars: 100 }).overLimit).toBe(true);
  });
});
