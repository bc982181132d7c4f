/**
 * `powerscale_cluster`: connects to the endpoint and records who answered. Nothing on the cluster
 * changes: create and update only verify and record, delete only forgets. Read is the guard: if
 * the endpoint now answers with another GUID, the refresh (and so the plan) fails.
 */
import { defineResource, DiagnosticError, isUnknown } from '../../framework';
import { fetchClusterIdentity, sameGuid, type ClusterIdentity } from './identity';
import { clusterSchema, GUID_PATTERN, type ClusterModel } from './schema';

function toModel(identity: ClusterIdentity, expectedGuid: string | null): ClusterModel {
  return { id: identity.guid, guid: identity.guid, name: identity.name, onefsVersion: identity.onefsVersion, apiVersion: identity.apiVersion, expectedGuid };
}

function wrongCluster(expected: string, identity: ClusterIdentity): DiagnosticError {
  return new DiagnosticError({
    summary: 'Wrong Cluster',
    detail:
      `expected_guid is ${expected}, but the endpoint answers as cluster ${JSON.stringify(identity.name)} with guid ${identity.guid}. ` +
      'Nothing was changed. Point endpoint at the intended cluster, or correct expected_guid.',
    attribute: 'expectedGuid',
  });
}

function identityChanged(recorded: string, identity: ClusterIdentity): DiagnosticError {
  return new DiagnosticError({
    summary: 'Cluster Identity Changed',
    detail:
      `This state records cluster guid ${recorded}, but the endpoint now answers as cluster ${JSON.stringify(identity.name)} with guid ${identity.guid}. ` +
      'The provider stops here so that changes meant for one cluster never reach another. If the endpoint is wrong, fix it. ' +
      'If the cluster was really replaced, remove the old one from state (terraform state rm) and import the new one by its guid.',
  });
}

/** The `powerscale_cluster` resource. */
export const clusterResource = defineResource<ClusterModel>({
  typeName: 'powerscale_cluster',
  title: 'Cluster',
  schema: clusterSchema,

  async create({ plan, papi, signal }) {
    const identity = await fetchClusterIdentity(papi, signal);
    if (plan.expectedGuid !== null && !sameGuid(plan.expectedGuid, identity.guid)) throw wrongCluster(plan.expectedGuid, identity);
    return toModel(identity, plan.expectedGuid);
  },

  async read({ state, papi, signal }) {
    const identity = await fetchClusterIdentity(papi, signal);
    // After an import, guid is the id the user gave: this is where it is verified.
    if (state.guid !== null && !sameGuid(state.guid, identity.guid)) throw identityChanged(state.guid, identity);
    if (state.expectedGuid !== null && !sameGuid(state.expectedGuid, identity.guid)) throw wrongCluster(state.expectedGuid, identity);
    return toModel(identity, state.expectedGuid);
  },

  async update({ plan, prior, papi, signal }) {
    const identity = await fetchClusterIdentity(papi, signal);
    if (prior.guid !== null && !sameGuid(prior.guid, identity.guid)) throw identityChanged(prior.guid, identity);
    if (plan.expectedGuid !== null && !sameGuid(plan.expectedGuid, identity.guid)) throw wrongCluster(plan.expectedGuid, identity);
    // id and guid were planned from state (useStateForUnknown): keep the recorded spelling.
    return { ...toModel(identity, plan.expectedGuid), id: prior.id ?? identity.guid, guid: prior.guid ?? identity.guid };
  },

  // Nothing to remove on the cluster: forgetting it is the whole operation.
  async delete() {},

  importState({ id }) {
    const guid = id.trim();
    if (!GUID_PATTERN.test(guid)) {
      throw new DiagnosticError({
        summary: 'Invalid Import ID',
        detail: `Expected the cluster guid (36 hexadecimal characters, as GET /platform/3/cluster/config reports it), got ${JSON.stringify(id)}.`,
      });
    }
    return { id: guid, guid };
  },

  async modifyPlan({ prior, config, papi, signal }) {
    const expected = config.expectedGuid;
    if (expected === null || isUnknown(expected)) return;
    if (prior !== null && prior.guid !== null) {
      // The refresh just verified the endpoint still answers with prior.guid.
      if (!sameGuid(expected, prior.guid)) {
        throw new DiagnosticError({
          summary: 'Wrong Cluster',
          detail: `expected_guid is ${expected}, but this cluster's guid is ${prior.guid}. Nothing was changed. Point endpoint at the intended cluster, or correct expected_guid.`,
          attribute: 'expectedGuid',
        });
      }
      return;
    }
    // On create, check at plan time so a wrong endpoint fails the plan, not the apply.
    const identity = await fetchClusterIdentity(papi, signal);
    if (!sameGuid(expected, identity.guid)) throw wrongCluster(expected, identity);
  },
});
