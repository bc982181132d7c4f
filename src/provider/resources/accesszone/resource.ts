/**
 * `resource "powerscale_accesszone"`: an access zone, as Dell's provider names it, with the
 * attributes of the OneFS 9.5 zone API (`/platform/3/zones`). The 9.5 schema has no
 * custom-auth-provider flags, so neither does this resource: `auth_providers` is the whole list.
 *
 * - `name` and `groupnet` force replacement (the modify API can change neither);
 * - `path` changes in place; `create_path` is an instruction for create and path changes, kept in
 *   state only (the cluster does not store it);
 * - OneFS adds the zone's own local provider to `auth_providers` when a request leaves it out, so a
 *   configured list without it reads back unchanged instead of drifting forever;
 * - read drops a zone that is gone; delete tolerates "already gone" and refuses the System zone,
 *   which no cluster can delete.
 */
import { ZONE_NAME_RULE, zoneNameProblem, zonePathProblem } from '../../../onefs/rules';
import { isPapiError } from '../../../papi/errors';
import { createZone, deleteZone, getZone, updateZone, type AccessZone } from '../../../papi/zones';
import { defineResource, DiagnosticError, ErrorAtAttribute, PartialStateError, requiresReplace, stringValidator, useStateForUnknown, type ModelOf, type ObjectSchemaSpec } from '../../framework';
import { createOutcomeUnknown, refuseExisting } from '../create-outcome';

/** The zone every cluster has; it cannot be deleted. */
const SYSTEM_ZONE = 'System';
/** OneFS's default groupnet. */
const DEFAULT_GROUPNET = 'groupnet0';

export { zonePathProblem };

export const accessZoneSchema = {
  description:
    'An access zone: a base directory under /ifs with its own authentication providers. The 9.5 API has no custom-auth-provider flags; `auth_providers` is the whole list. Deleting the zone keeps its directory, as OneFS does.',
  attributes: {
    id: { type: 'string', computed: true, description: 'The id the cluster gives the zone (its name on the clusters observed).', planModifiers: [useStateForUnknown()] },
    name: {
      type: 'string',
      required: true,
      description: `The zone name; ${ZONE_NAME_RULE}. Changing it replaces the zone.`,
      validators: [stringValidator('an access zone name', zoneNameProblem)],
      planModifiers: [requiresReplace()],
    },
    path: {
      type: 'string',
      required: true,
      description: 'The base directory of the zone: /ifs or an absolute path below it. It must exist unless create_path is true. Changes in place.',
      validators: [stringValidator('a path under /ifs', zonePathProblem)],
    },
    createPath: {
      type: 'bool',
      optional: true,
      description: 'Create the base directory when it does not exist (on create and when path changes). Default false. Kept in state only: the cluster does not store it.',
    },
    groupnet: {
      type: 'string',
      optional: true,
      computed: true,
      default: DEFAULT_GROUPNET,
      description: 'The groupnet of the zone. Default groupnet0. The zone API cannot change it, so changing it replaces the zone.',
      planModifiers: [requiresReplace()],
    },
    authProviders: {
      type: ['list', 'string'],
      optional: true,
      computed: true,
      description:
        'The authentication providers of the zone, in order (e.g. `lsa-file-provider:System`). OneFS always adds the zone\'s own local provider (`lsa-local-provider:<name>`); a list without it is kept as configured. Default: what the cluster chooses.',
    },
    zoneId: { type: 'number', computed: true, description: 'The integer id of the zone (`zone_id`).', planModifiers: [useStateForUnknown()] },
  },
} satisfies ObjectSchemaSpec;

/** The resource's model, derived from its schema. */
export type AccessZoneModel = ModelOf<typeof accessZoneSchema>;

/**
 * The providers to record: the cluster's list, or `wanted` when the cluster's list is `wanted`
 * plus the local provider OneFS adds by itself.
 */
export function reconcileProviders(zone: string, wanted: readonly string[] | null, actual: readonly string[]): string[] {
  if (wanted === null) return [...actual];
  const local = `lsa-local-provider:${zone}`;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!wanted.includes(local) && same(actual.filter((p) => p !== local), wanted) && actual.includes(local)) return [...wanted];
  return [...actual];
}

function toModel(zone: AccessZone, createPath: boolean | null, wantedProviders: readonly string[] | null): AccessZoneModel {
  return {
    id: zone.id,
    name: zone.name,
    path: zone.path,
    createPath,
    groupnet: zone.groupnet ?? DEFAULT_GROUPNET,
    authProviders: reconcileProviders(zone.name, wantedProviders, zone.authProviders),
    zoneId: zone.zoneId,
  };
}

/** Points the cluster's refusal at the attribute it is about. */
function blame(error: unknown): unknown {
  if (!isPapiError(error)) return error;
  if (error.status === 409) return new ErrorAtAttribute('name', error);
  if (error.status === 400 && /path/i.test(error.message)) return new ErrorAtAttribute('path', error);
  return error;
}

function isNotFound(error: unknown): boolean {
  return isPapiError(error) && error.status === 404;
}

async function zoneExists(papi: Parameters<typeof getZone>[0], name: string, signal: AbortSignal): Promise<boolean> {
  try {
    await getZone(papi, name, signal);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function nameOf(model: AccessZoneModel): string {
  if (model.name === null || model.name === '') {
    throw new DiagnosticError({ summary: 'Missing Zone Name', detail: 'This access zone has no name in its state. Remove it with "terraform state rm" and import it again by name.', attribute: 'name' });
  }
  return model.name;
}

export const accessZoneResource = defineResource<AccessZoneModel>({
  typeName: 'powerscale_accesszone',
  title: 'Access Zone',
  schema: accessZoneSchema,

  async create({ plan, papi, signal }) {
    const name = nameOf(plan);
    refuseExisting(await zoneExists(papi, name, signal), { title: 'Access Zone', what: `an access zone named ${JSON.stringify(name)}`, attribute: 'name', importId: name });
    try {
      await createZone(
        papi,
        { name, path: plan.path ?? '', createPath: plan.createPath ?? undefined, groupnet: plan.groupnet ?? DEFAULT_GROUPNET, authProviders: plan.authProviders ?? undefined },
        signal,
      );
    } catch (error) {
      // No clear answer: the zone may exist now (see ../create-outcome).
      if (createOutcomeUnknown(error)) throw new PartialStateError<AccessZoneModel>({ ...plan, id: name, zoneId: null, authProviders: plan.authProviders ?? [] }, error);
      throw blame(error);
    }
    try {
      return toModel(await getZone(papi, name, signal), plan.createPath, plan.authProviders);
    } catch (error) {
      // The zone exists: record it so that the next plan reads it rather than creating it twice.
      throw new PartialStateError<AccessZoneModel>({ ...plan, id: name, zoneId: null, authProviders: plan.authProviders ?? [] }, error);
    }
  },

  async read({ state, papi, signal }) {
    try {
      return toModel(await getZone(papi, nameOf(state), signal), state.createPath, state.authProviders);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  },

  async update({ plan, prior, papi, signal }) {
    const name = nameOf(prior);
    const pathChanged = plan.path !== null && plan.path !== prior.path;
    const providersChanged = plan.authProviders !== null && JSON.stringify(plan.authProviders) !== JSON.stringify(prior.authProviders);
    try {
      await updateZone(
        papi,
        prior.zoneId ?? name,
        { path: pathChanged ? (plan.path ?? undefined) : undefined, createPath: pathChanged ? (plan.createPath ?? undefined) : undefined, authProviders: providersChanged ? (plan.authProviders ?? undefined) : undefined },
        signal,
      );
    } catch (error) {
      throw blame(error);
    }
    return toModel(await getZone(papi, name, signal), plan.createPath, plan.authProviders);
  },

  async delete({ state, papi, signal }) {
    const name = nameOf(state);
    if (name === SYSTEM_ZONE) {
      throw new DiagnosticError({
        summary: 'Cannot Delete the System Zone',
        detail: 'The System zone is built into every OneFS cluster and cannot be deleted. Nothing was changed. To stop managing it, remove it from the state (terraform state rm) instead of destroying it.',
        attribute: 'name',
      });
    }
    try {
      await deleteZone(papi, state.zoneId ?? name, signal);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },

  importState({ id }) {
    const problem = zoneNameProblem(id);
    if (problem !== undefined) throw new DiagnosticError({ summary: 'Invalid Import ID', detail: `Import an access zone by its name. ${problem}` });
    return { name: id, id };
  },
});
