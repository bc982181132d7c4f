/**
 * What must hold after every round, once a clean apply has converged: every key in state exists on
 * the cluster with the access id state records; every key the configuration holds has a stored
 * secret that authenticates; no pool user the configuration does not hold has a key (the run made
 * them all); and no secret ever minted appears in any artifact of the round, in any encoding.
 */
import type { SecretStore } from '../../src/secrets/types';
import type { OneFsModel } from '../../src/simulator/onefs/model';
import { canaryForms, type Artifacts, type MintedSecret } from '../helpers/reliability';
import type { TerraformState } from '../helpers/terraform';
import { secretNameOf, type World } from './world';

/** Everything the checks read. */
export interface InvariantInputs {
  readonly world: World;
  readonly state: TerraformState | undefined;
  readonly model: OneFsModel;
  readonly store: SecretStore;
  readonly minted: readonly MintedSecret[];
  readonly artifacts: Artifacts;
}

/** The violated invariants, each as one line (empty: all hold). */
export async function checkInvariants(inputs: InvariantInputs): Promise<string[]> {
  const { world, state, model, store } = inputs;
  const out: string[] = [];
  const keysInState = (state?.resources ?? []).filter((r) => r.type === 'powerscale_s3_key' && r.mode === 'managed');
  const stateUsers = new Set<string>();
  for (const resource of keysInState) {
    for (const instance of resource.instances) {
      const attrs = instance.attributes as { user?: string; access_id?: string };
      const user = attrs.user ?? '?';
      stateUsers.add(user);
      const onCluster = model.getKey('System', user);
      if (onCluster === undefined) out.push(`state holds ${resource.name} (${user}) but the cluster has no key for it`);
      else if (attrs.access_id !== onCluster.access_id) out.push(`state records access id ${attrs.access_id} for ${user}, the cluster ${onCluster.access_id}`);
    }
  }
  for (const key of world.keys.values()) {
    if (!stateUsers.has(key.user)) out.push(`the configuration holds ${key.user} but state does not`);
    const value = await store.get(secretNameOf(key));
    if (value === undefined) {
      out.push(`no stored secret for ${key.user} under ${secretNameOf(key)}`);
      continue;
    }
    let doc: { access_id?: unknown; secret_key?: unknown } = {};
    try {
      doc = JSON.parse(value) as typeof doc;
    } catch {
      // reported below
    }
    if (typeof doc.access_id !== 'string' || typeof doc.secret_key !== 'string') {
      out.push(`the stored secret of ${key.user} is not a key document`);
      continue;
    }
    if (!model.s3Keys.authenticate(doc.access_id, doc.secret_key, model.nowSeconds())) out.push(`the stored secret of ${key.user} does not authenticate`);
  }
  for (const user of world.pool) {
    if (!world.keys.has(user) && model.getKey('System', user) !== undefined) out.push(`${user} has a key on the cluster that the configuration does not hold`);
  }
  const needles = inputs.minted.flatMap((m, i) => canaryForms(`secret #${i + 1} minted for ${m.user}`, m.secret));
  for (const hit of inputs.artifacts.sweep(needles)) out.push(`leak: ${hit}`);
  return out;
}
