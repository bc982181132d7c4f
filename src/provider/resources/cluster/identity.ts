/**
 * Reads a cluster's identity over PAPI (onefs-papi.md §4): `GET /platform/3/cluster/config` for
 * guid, name and `onefs_version.release`, and `GET /platform/latest` for the newest API version.
 */
import type { PapiApi } from '../../../papi/types';
import { DiagnosticError } from '../../framework/diagnostics';

/** What `powerscale_cluster` records about the cluster behind the endpoint. */
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

function unexpected(path: string, what: string): DiagnosticError {
  return new DiagnosticError({
    summary: 'Unexpected Cluster Response',
    detail: `GET ${path} answered without ${what}. Check that endpoint points at a OneFS cluster's Platform API (port 8080).`,
  });
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Fetches the identity; throws PapiError from the client, DiagnosticError on a malformed body. */
export async function fetchClusterIdentity(papi: PapiApi, signal: AbortSignal): Promise<ClusterIdentity> {
  const [config, latest] = await Promise.all([papi.get(CLUSTER_CONFIG_PATH, { signal }), papi.get(LATEST_PATH, { signal })]);
  const body = record(config);
  const guid = body?.guid;
  const name = body?.name;
  const release = record(body?.onefs_version)?.release;
  if (typeof guid !== 'string' || guid === '') throw unexpected(CLUSTER_CONFIG_PATH, 'a guid');
  if (typeof name !== 'string') throw unexpected(CLUSTER_CONFIG_PATH, 'a name');
  if (typeof release !== 'string') throw unexpected(CLUSTER_CONFIG_PATH, 'onefs_version.release');
  const version = record(latest)?.latest;
  if (typeof version !== 'string' && typeof version !== 'number') throw unexpected(LATEST_PATH, 'latest');
  return { guid, name, onefsVersion: release, apiVersion: String(version) };
}

/** GUIDs are hex: compare without regard to case. */
export function sameGuid(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
