/**
 * What a `powerscale_quota` change means for the tenant whose directory it limits, in one
 * sentence: the limits that start, change or stop applying, and, first of all, a hard threshold
 * planned below what the data already uses (writes that add data will then be refused). Only
 * numbers and the path are printed; a quota has no secret attribute.
 */
import { classify } from './classify';
import type { ResourceChange } from './plan-document';
import { attributesOf, code, knownString } from './values';

const UNITS: readonly [string, number][] = [
  ['TiB', 1024 ** 4],
  ['GiB', 1024 ** 3],
  ['MiB', 1024 ** 2],
  ['KiB', 1024],
];

/** `536870912000` -> `500 GiB`; `1500` -> `1500 bytes`; one decimal when not a whole unit. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of UNITS) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

function numberAt(object: unknown, outer: string, inner: string): number | undefined {
  const v = attributesOf(attributesOf(object)[outer])[inner];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function pathOf(rc: ResourceChange): string {
  const path = knownString(rc.after, 'path', rc.afterSensitive, rc.afterUnknown) ?? knownString(rc.before, 'path', rc.beforeSensitive);
  return path === undefined ? 'a path known after apply' : code(path);
}

/** The usage the thresholds apply to, as last read (before the change). */
function usedBytes(rc: ResourceChange): number | undefined {
  const on = knownString(rc.before, 'thresholds_on', rc.beforeSensitive);
  return numberAt(rc.before, 'usage', on === 'physicalsize' ? 'physical' : 'logical');
}

/** `writes are denied above 500 GiB; notifications from 400 GiB` for the thresholds of one side. */
function limits(side: unknown): string {
  const hard = numberAt(side, 'thresholds', 'hard');
  const soft = numberAt(side, 'thresholds', 'soft');
  const grace = numberAt(side, 'thresholds', 'soft_grace');
  const advisory = numberAt(side, 'thresholds', 'advisory');
  const parts: string[] = [];
  if (hard !== undefined) parts.push(`writes are denied above ${formatBytes(hard)}`);
  if (soft !== undefined) parts.push(`above ${formatBytes(soft)} for longer than ${grace ?? '?'} s`);
  if (advisory !== undefined) parts.push(`notifications from ${formatBytes(advisory)}`);
  return parts.length === 0 ? 'no limits (usage is only counted)' : parts.join('; ');
}

/** `usage` and `ready` move with the data, not with the configuration: refresh reports them, no plan acts on them. */
export function isQuotaUsageOnly(attribute: string): boolean {
  return attribute === 'usage' || attribute === 'ready';
}

/** The sentence for a change of a `powerscale_quota`, or `''` when there is nothing to say. */
export function explainQuota(rc: ResourceChange): string {
  const path = pathOf(rc);
  switch (classify(rc.actions)) {
    case 'create':
      return `Sets a quota on ${path}: ${limits(rc.after)}.`;
    case 'update': {
      const before = numberAt(rc.before, 'thresholds', 'hard');
      const after = numberAt(rc.after, 'thresholds', 'hard');
      const used = usedBytes(rc);
      if (after !== undefined && used !== undefined && after < used && after !== before) {
        return `**Warning**: the hard threshold of ${path} drops to ${formatBytes(after)}, below the ${formatBytes(used)} its data already uses: writes that add data are refused until usage falls below it. Now: ${limits(rc.after)}.`;
      }
      return `Changes the quota on ${path}: ${limits(rc.after)} (before: ${limits(rc.before)}).`;
    }
    case 'replace':
      return `**Replaces** the quota on ${path}: the old quota is deleted (its limits stop) and a new one is created with ${limits(rc.after)}; the data stays, and usage is counted again.`;
    case 'delete':
      return `**Removes** the quota on ${path}: its limits stop applying; the data stays.`;
    case 'forget':
      return `Stops managing the quota on ${path}; it stays on the cluster.`;
    default:
      return '';
  }
}
