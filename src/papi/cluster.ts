/**
 * The cluster's identity (onefs-papi.md §4): `GET /platform/3/cluster/config` for guid, name and
 * `onefs_version.release`, and `GET /platform/latest` for the newest API version. Wire JSON stays
 * here: callers get the camelCase {@link ClusterIdentity}.
 */
import { BodyReader, PapiDecodeError } from './decode';
import type { PapiApi } from './types';

/** Who answers at an endpoint. */
export interface ClusterIdentity {
  readonly guid: string;
  readonly name: string;
  /** `onefs_version.release`, e.g. `9.5.0.0`. */
  readonly onefsVersion: string;
  /** `/platform/latest`, e.g. `16` (a string: PAPI may answer `5.1`). */
  readonly apiVersion: string;
}

export const CLUSTER_CONFIG_PATH = '/platform/3/cluster/config';
export const LATEST_PATH = '/platform/latest';

/** Fetches the identity; throws PapiError from the client, PapiDecodeError on a malformed body. */
export async function fetchClusterIdentity(papi: PapiApi, signal?: AbortSignal): Promise<ClusterIdentity> {
  const [config, latest] = await Promise.all([papi.get(CLUSTER_CONFIG_PATH, { signal }), papi.get(LATEST_PATH, { signal })]);
  const body = BodyReader.of('GET', CLUSTER_CONFIG_PATH, config);
  const guid = body.string('guid');
  if (guid === '') throw new PapiDecodeError('GET', CLUSTER_CONFIG_PATH, 'guid', 'a non-empty string');
  const name = body.string('name');
  const release = body.object('onefs_version').string('release');
  const version = BodyReader.of('GET', LATEST_PATH, latest).stringOrNumber('latest');
  return { guid, name, onefsVersion: release, apiVersion: String(version) };
}

/** GUIDs are hex: compare without regard to case. */
export function sameGuid(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
