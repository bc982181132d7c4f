/**
 * The cluster's identity for `powerscale_cluster`: the wire code is `src/papi/cluster.ts`; this
 * adapter turns a malformed body into the resource's "Unexpected Cluster Response" diagnostic.
 */
import { CLUSTER_CONFIG_PATH, fetchClusterIdentity as fetchFromPapi, LATEST_PATH, sameGuid, type ClusterIdentity } from '../../../papi/cluster';
import { PapiDecodeError } from '../../../papi/decode';
import type { PapiApi } from '../../../papi/types';
import { DiagnosticError } from '../../framework';

export { CLUSTER_CONFIG_PATH, LATEST_PATH, sameGuid };
export type { ClusterIdentity };

// The field PAPI left out, as the message has always named it.
function what(field: string): string {
  return field === 'guid' || field === 'name' ? `a ${field}` : field;
}

/** Fetches the identity; throws PapiError from the client, DiagnosticError on a malformed body. */
export async function fetchClusterIdentity(papi: PapiApi, signal: AbortSignal): Promise<ClusterIdentity> {
  try {
    return await fetchFromPapi(papi, signal);
  } catch (error) {
    if (!(error instanceof PapiDecodeError)) throw error;
    throw new DiagnosticError({
      summary: 'Unexpected Cluster Response',
      detail: `GET ${error.path} answered without ${what(error.field)}. Check that endpoint points at a OneFS cluster's Platform API (port 8080).`,
    });
  }
}
