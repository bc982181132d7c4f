/**
 * Which `/platform/N` each API area is called at. A cluster serves a resource at every version
 * from the one that introduced it up to its `/platform/latest`, and an area's newer versions may
 * change its bodies; so the client knows, per area, the versions it can speak, and uses the
 * highest one the cluster has (`/platform/latest`, read once per session by `PapiClient`).
 * Sources: the per-release `/platform/N` of Dell's 9.0-9.5 SDKs (S3 buckets: 10 on 9.0-9.1, 12 on
 * 9.2-9.3, 15 from 9.4; quotas: 8, 12, 15 at the same releases; S3 zone settings: 10 on 9.0-9.1, 12 from 9.2; S3 global settings: 10); keys, zones and cluster config have not changed version since they
 * appeared.
 */
import type { PapiApi } from './types';

/** The API areas whose version is chosen per cluster. */
export type PapiArea = 'cluster' | 'zones' | 's3-keys' | 's3-buckets' | 'quotas' | 's3-settings-zone' | 's3-settings-global';

/** The versions this client speaks per area, oldest first. */
export const AREA_VERSIONS: Readonly<Record<PapiArea, readonly number[]>> = {
  cluster: [3],
  zones: [3],
  's3-keys': [10],
  's3-buckets': [10, 12, 15],
  quotas: [8, 12, 15],
  's3-settings-zone': [10, 12],
  's3-settings-global': [10],
};

/** `/platform/latest`'s major version: `"16"` -> 16, `"5.1"` -> 5; undefined when malformed. */
export function parseLatest(body: unknown): number | undefined {
  const raw = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).latest : undefined;
  const text = typeof raw === 'number' ? String(raw) : raw;
  const match = typeof text === 'string' ? /^(\d+)(\.\d+)?$/.exec(text) : null;
  return match ? Number(match[1]) : undefined;
}

/** The highest version of `area` at most `latest`; undefined when the cluster is older than the area. */
export function pickApiVersion(area: PapiArea, latest: number): number | undefined {
  return AREA_VERSIONS[area].filter((v) => v <= latest).at(-1);
}

/**
 * The version to call `area` at through `papi`: the client's choice from `/platform/latest`, or,
 * for a `PapiApi` that cannot choose (test fakes), the oldest version of the area.
 */
export function apiVersionOf(papi: PapiApi, area: PapiArea, signal?: AbortSignal): Promise<number> {
  return papi.apiVersion ? papi.apiVersion(area, signal) : Promise.resolve(AREA_VERSIONS[area][0] ?? 1);
}
