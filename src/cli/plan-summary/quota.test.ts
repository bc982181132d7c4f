import { describe, expect, it } from 'vitest';
import { explain, explainDrift } from './explain';
import type { ResourceChange } from './plan-document';
import { formatBytes } from './quota';

const GiB = 1024 ** 3;

function quotaChange(actions: ResourceChange['actions'], before: Record<string, unknown> | null, after: Record<string, unknown> | null): ResourceChange {
  return { address: 'powerscale_quota.q', mode: 'managed', type: 'powerscale_quota', name: 'q', actions, before, after, afterUnknown: {}, beforeSensitive: before === null ? false : {}, afterSensitive: after === null ? false : {}, replacePaths: [] };
}

const acme = { id: 'AAAA', path: '/ifs/tenants/acme', type: 'directory', thresholds: { hard: 10 * GiB, soft: null, soft_grace: null, advisory: 8 * GiB }, thresholds_on: 'fslogicalsize', usage: { logical: 3 * GiB, physical: 7 * GiB, inodes: 12 } };

describe('plan summary of powerscale_quota', () => {
  it('warns when the hard threshold shrinks below what the data already uses', () => {
    const text = explain(quotaChange(['update'], acme, { ...acme, thresholds: { ...acme.thresholds, hard: 2 * GiB, advisory: GiB } }));
    expect(text).toMatch(/^\*\*Warning\*\*: the hard threshold of `\/ifs\/tenants\/acme` drops to 2 GiB, below the 3 GiB its data already uses/);
  });

  it('compares with physical usage when thresholds apply to physical size, and says a shrink above usage plainly', () => {
    const physical = { ...acme, thresholds_on: 'physicalsize' };
    expect(explain(quotaChange(['update'], physical, { ...physical, thresholds: { ...acme.thresholds, hard: 5 * GiB, advisory: GiB } }))).toMatch(/^\*\*Warning\*\*.*below the 7 GiB/);
    expect(explain(quotaChange(['update'], acme, { ...acme, thresholds: { ...acme.thresholds, hard: 9 * GiB } }))).toBe(
      'Changes the quota on `/ifs/tenants/acme`: writes are denied above 9 GiB; notifications from 8 GiB (before: writes are denied above 10 GiB; notifications from 8 GiB).',
    );
  });

  it('says what a create, a replacement and a deletion mean for the data', () => {
    expect(explain(quotaChange(['create'], null, { ...acme, thresholds: null, usage: null }))).toBe('Sets a quota on `/ifs/tenants/acme`: no limits (usage is only counted).');
    expect(explain(quotaChange(['delete', 'create'], acme, { ...acme, path: '/ifs/tenants/acme2' }))).toContain('the data stays');
    expect(explain(quotaChange(['delete'], acme, null))).toBe('**Removes** the quota on `/ifs/tenants/acme`: its limits stop applying; the data stays.');
  });

  it('reports a usage change found by refresh as usage, and a threshold changed outside by its values', () => {
    expect(explainDrift(quotaChange(['update'], acme, { ...acme, usage: { ...acme.usage, logical: 4 * GiB } }))).toBe('Its usage changed (data was written or removed); usage is never a change to apply.');
    const drift = explainDrift(quotaChange(['update'], acme, { ...acme, thresholds: { ...acme.thresholds, hard: GiB }, usage: { ...acme.usage, logical: 4 * GiB } }));
    expect(drift).toMatch(/^Changed outside Terraform: `thresholds`/);
    expect(drift).not.toContain('`usage`');
  });

  it('prints sizes in binary units', () => {
    expect([formatBytes(500 * GiB), formatBytes(1.5 * GiB), formatBytes(1000)]).toEqual(['500 GiB', '1.5 GiB', '1000 bytes']);
  });
});
