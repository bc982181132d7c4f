/**
 * One discovery: the zones to look in (all of the cluster's unless named), every active discoverer
 * over them, the include/exclude filters and the already-managed set applied, addresses assigned.
 * The caller renders the result; nothing here prints or holds a secret.
 */
import { listZones } from '../../papi/zones';
import type { PapiApi } from '../../papi/types';
import type { SecretStore } from '../../secrets/types';
import { selected, type ObjectPattern } from './filter';
import { addressNames } from './naming';
import type { DiscoveryResult } from './result';
import { managedKey, type ManagedSet } from './state';
import type { DiscoveredObject, Discoverer, SkippedObject } from './types';

/** Inputs of {@link runDiscovery}. */
export interface DiscoveryInput {
  readonly papi: PapiApi;
  readonly secrets: SecretStore | undefined;
  readonly discoverers: readonly Discoverer[];
  /** Zones named with `--zone`; empty: every zone of the cluster. */
  readonly zones: readonly string[];
  readonly includes: readonly ObjectPattern[];
  readonly excludes: readonly ObjectPattern[];
  /** Objects a state already manages: left out. */
  readonly managed?: ManagedSet;
  readonly signal?: AbortSignal;
  progress(message: string): void;
}

/** A zone named with `--zone` that the cluster does not have. */
export class UnknownZoneError extends Error {
  override readonly name = 'UnknownZoneError';
}

/** Runs the discoverers and returns what to render. */
export async function runDiscovery(input: DiscoveryInput): Promise<DiscoveryResult> {
  const clusterZones = (await listZones(input.papi, input.signal)).map((z) => z.name);
  const missing = input.zones.filter((z) => !clusterZones.includes(z));
  if (missing.length > 0) throw new UnknownZoneError(`--zone ${JSON.stringify(missing[0])} is not a zone of this cluster (its zones: ${clusterZones.map((z) => JSON.stringify(z)).join(', ')})`);
  const zones = input.zones.length > 0 ? [...new Set(input.zones)] : clusterZones;
  input.progress(`looking in ${zones.length} zone${zones.length === 1 ? '' : 's'}: ${zones.join(', ')}`);

  const objects: DiscoveredObject[] = [];
  const skipped: SkippedObject[] = [];
  let alreadyManaged = 0;
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const d of input.discoverers) {
    const found: DiscoveredObject[] = [];
    const notManageable: SkippedObject[] = [];
    const ctx = { papi: input.papi, secrets: input.secrets, zones, progress: input.progress, ...(input.signal ? { signal: input.signal } : {}) };
    for await (const item of d.discover(ctx)) {
      const { type, name } = item.kind === 'object' ? item.object : item.skipped;
      if (!selected(input.includes, input.excludes, type, name)) continue;
      if (item.kind === 'skipped') notManageable.push(item.skipped);
      else if (input.managed?.has(managedKey(item.object.type, item.object.importId))) alreadyManaged++;
      else found.push(item.object);
    }
    // Within a type, by name: the output does not depend on the order the cluster answered in.
    objects.push(...found.sort(byName));
    skipped.push(...notManageable.sort(byName));
  }
  const names = addressNames(objects);
  return { objects: objects.map((object, i) => ({ object, name: names[i] as string })), skipped, alreadyManaged };
}
