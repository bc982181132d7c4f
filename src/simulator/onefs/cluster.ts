/**
 * OneFS API area "cluster": the cluster's identity (name, GUID, release, highest API version), the
 * wire bodies of `/platform/N/cluster/config` and `/platform/N/cluster/identity`, and their routes.
 * The identity is fixed at creation, so `reset()` keeps it (the GUID stays stable).
 */
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'msw';
import type { OneFsContext } from './context';
import { resource } from './platform-resource';
import { papiJson } from './wire';

/** Options that fix the cluster's identity. */
export interface ClusterOptions {
  /** Cluster name. @default "sim-cluster" */
  clusterName?: string;
  /** Cluster GUID (36 hex characters). @default - random, stable across reset() */
  guid?: string;
  /** OneFS release, four numbers. @default "9.5.0.0" */
  onefsVersion?: string;
  /** Highest PAPI version (`/platform/latest`). @default 16 (OneFS 9.5) */
  apiVersion?: number;
}

export interface ClusterIdentity {
  readonly clusterName: string;
  readonly guid: string;
  readonly onefsVersion: string;
  readonly apiVersion: number;
}

/** The identity with defaults applied; a malformed release throws, naming the option. */
export function clusterIdentity(options: ClusterOptions): ClusterIdentity {
  const onefsVersion = options.onefsVersion ?? '9.5.0.0';
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(onefsVersion)) throw new Error(`onefsVersion must look like 9.5.0.0, got "${onefsVersion}"`);
  return {
    clusterName: options.clusterName ?? 'sim-cluster',
    guid: options.guid ?? `000e1ea5${randomBytes(14).toString('hex')}`,
    onefsVersion,
    apiVersion: options.apiVersion ?? 16,
  };
}

/** `/platform/N/cluster/config` (shape of the 8.2 fixture, 9.x values). */
export function clusterConfigBody(cluster: ClusterIdentity): Record<string, unknown> {
  const [major = 9, minor = 5, patch = 0, fourth = 0] = cluster.onefsVersion.split('.').map(Number);
  const build = 5;
  const hex = `${major.toString(16)}${pad(minor, 2)}${pad(patch, 2)}5${pad(fourth, 4)}${pad(build, 5)}`;
  const buildName = `B_${major}_${minor}_${patch}_${String(build).padStart(3, '0')}(RELEASE)`;
  return {
    description: '',
    devices: [1, 2, 3].map((n) => ({ devid: n, guid: `${cluster.guid.slice(0, 8)}${pad(n, 28)}`, is_up: true, lnn: n })),
    encoding: 'utf-8',
    guid: cluster.guid,
    has_quorum: true,
    is_compliance: false,
    is_virtual: true,
    is_vonefs: false,
    join_mode: 'Manual',
    local_devid: 1,
    local_lnn: 1,
    local_serial: 'SIMULATOR-0001',
    name: cluster.clusterName,
    onefs_version: {
      build: buildName,
      copyright: 'Copyright (c) 2001-2022 Dell Inc. or its subsidiaries. All Rights Reserved.',
      reldate: 1200019,
      release: cluster.onefsVersion,
      revision: BigInt(`0x${hex}`).toString(),
      type: 'Isilon OneFS',
      version: `Isilon OneFS ${cluster.onefsVersion} ${buildName}: 0x${hex}: cdktf-powerscale simulator`,
    },
    timezone: { abbreviation: 'UTC', custom: '', name: 'Coordinated Universal Time', path: 'UTC' },
    upgrade_type: null,
  };
}

/** `/platform/N/cluster/identity`. */
export function clusterIdentityBody(cluster: ClusterIdentity): Record<string, unknown> {
  // The schema's enum is "warn" | "none"; a healthy cluster shows no MTTDL warning.
  return { description: '', logon: { motd: '', motd_header: '' }, mttdl_level_msg: 'none', name: cluster.clusterName };
}

/** The cluster area's routes (read-only: the simulator never changes its identity over PAPI). */
export function clusterRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/cluster/config', 1, { GET: () => papiJson(200, model.clusterConfigBody()) }),
    resource(ctx, '/cluster/identity', 1, { GET: () => papiJson(200, model.clusterIdentityBody()) }),
  ];
}

function pad(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
