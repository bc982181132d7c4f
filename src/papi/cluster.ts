/**
 * The cluster's identity (onefs-papi.md §4): `GET /platform/<N>/cluster/config` (N: the client's
 * choice for the `cluster` area, ./versions.ts) for guid, name and `onefs_version.release`, and
 * `GET /platform/latest` for the newest API version. Wire JSON stays here: callers get the
 * camelCase {@link ClusterIdentity}.
 */
import { BodyReader, PapiDecodeError } from './decode';
import type { PapiApi } from './types';
import { apiVersionOf } from './versions';

/** Who answers at an endpoint. */
export interface ClusterIdentity {
  readonly guid: string;
  readonly name: string;
  /** `onefs_version.release`, e.g. `9.5.0.0`. */
  readonly onefsVersion: string;
  /** `/platform/latest`, e.g. `16` (a string: PAPI may answer `5.1`). */
  readonly apiVersion: string;
}

/** `/platform/<version>/cluster/config`. */
export function clusterConfigPath(version: number): string {
  return `/platform/${version}/cluster/config`;
}

/** The config path at the oldest version (what the client answers for clusters of every release). */
export const CLUSTER_CONFIG_PATH = clusterConfigPath(3);
export const LATEST_PATH = '/platform/latest';

/**
 * Fetches the identity; throws PapiError from the client, PapiDecodeError on a malformed body.
 * `/platform/latest` is read here as well as by the client's version choice: the identity records
 * the cluster's own answer, and the client reads it once per session anyway.
 */
export async function fetchClusterIdentity(papi: PapiApi, signal?: AbortSignal): Promise<ClusterIdentity> {
  const readConfig = async (): Promise<[string, unknown]> => {
    const path = clusterConfigPath(await apiVersionOf(papi, 'cluster', signal));
    return [path, await papi.get(path, { signal })];
  };
  const [[path, config], latest] = await Promise.all([readConfig(), papi.get(LATEST_PATH, { signal })]);
  const body = BodyReader.of('GET', path, config);
  const guid = body.string('guid');
  if (guid === '') throw new PapiDecodeError('GET', path, 'guid', 'a non-empty string');
  const name = body.string('name');
  const release = body.object('onefs_version').string('release');
  const version = BodyReader.of('GET', LATEST_PATH, latest).stringOrNumber('latest');
  return { guid, name, onefsVersion: release, apiVersion: String(version) };
}

/** GUIDs are hex: compare without regard to case. */
export function sameGuid(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
