/**
 * The PAPI client's public surface, fixed early so that resources can be written against it.
 * The implementation is `PapiClient` in `./client.ts`.
 */

import type { PapiArea } from './versions';

/** Options for one PAPI request. `path` is relative to the cluster root, e.g. `/platform/1/cluster/config`. */
export interface PapiRequestOptions {
  /** Query parameters; undefined values are dropped. Never appears in errors or logs. */
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body (POST/PUT). */
  json?: unknown;
  /** Return the raw Response instead of parsed JSON. */
  raw?: boolean;
  /** Cancels the request (StopProvider). */
  signal?: AbortSignal;
}

/** What resources use to talk to a cluster. One instance per provider process, shared by all resources. */
export interface PapiApi {
  get<T = unknown>(path: string, options?: PapiRequestOptions): Promise<T>;
  post<T = unknown>(path: string, options?: PapiRequestOptions): Promise<T>;
  put<T = unknown>(path: string, options?: PapiRequestOptions): Promise<T>;
  delete<T = unknown>(path: string, options?: PapiRequestOptions): Promise<T>;
  /** Logs out (best effort) and releases sockets. */
  close(): Promise<void>;
  /**
   * The `/platform/N` to call `area` at on this cluster (./versions): the highest version the
   * client speaks that the cluster's `/platform/latest` allows, read once per session.
   */
  apiVersion?(area: PapiArea, signal?: AbortSignal): Promise<number>;
}
