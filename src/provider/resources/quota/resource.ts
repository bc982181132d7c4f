/**
 * `resource "powerscale_quota"`: a SmartQuotas quota, named as Dell's provider names it.
 *
 * - path, type, persona, zone and include_snapshots force replacement (the modify API cannot
 *   change them); enforced, container, thresholds and thresholds_on change in place;
 * - thresholds are written whole, an unset one as null, so a threshold removed from the
 *   configuration is cleared on the cluster (Dell's provider left it in place);
 * - `usage` and `ready` are computed and refreshed by read: a change in usage is never a diff, and
 *   a plan that puts the hard threshold below what the data already uses says so as a warning;
 * - import by the cluster's id, or by `<type>:<path>` (found through the list's filters);
 * - delete tolerates "already gone".
 */
import { isPapiError } from '../../../papi/errors';
import { createQuota, deleteQuota, getQuota, listQuotas, QUOTA_TYPES, updateQuota, type Quota, type QuotaThresholds, type QuotaType, type ThresholdsOn } from '../../../papi/quotas';
import { SYSTEM_ZONE } from '../../../onefs/rules';
import { defineResource, DiagnosticError, ErrorAtAttribute, isUnknown, PartialStateError, type ModifyPlanResult, type Problem } from '../../framework';
import { governedBytes, personaProblems, thresholdProblems } from './rules';
import { createOutcomeUnknown, refuseExisting } from '../create-outcome';
import { PERSONA_TYPES, quotaSchema, type QuotaModel } from './schema';

type Thresholds = QuotaModel['thresholds'];

function isNotFound(error: unknown): boolean {
  return isPapiError(error) && error.status === 404;
}

const NO_THRESHOLDS: QuotaThresholds = { hard: null, soft: null, softGrace: null, advisory: null };

/** The configured thresholds as the API writes them (absent members null: cleared). */
function wireThresholds(t: Thresholds): QuotaThresholds {
  return t === null ? NO_THRESHOLDS : { hard: t.hard, soft: t.soft, softGrace: t.softGrace, advisory: t.advisory };
}

/**
 * The cluster's thresholds in the model. With none set, the attribute keeps the form the
 * configuration (or the prior state) used: null, or an object of nulls; otherwise no plan would
 * ever be empty for `thresholds = {}`.
 */
export function modelThresholds(t: QuotaThresholds, shape: Thresholds): Thresholds {
  const none = t.hard === null && t.soft === null && t.softGrace === null && t.advisory === null;
  return none && shape === null ? null : { hard: t.hard, soft: t.soft, softGrace: t.softGrace, advisory: t.advisory };
}

/** The model of a quota read from the cluster; `base` supplies what the cluster does not echo. */
export function toModel(quota: Quota, base: Pick<QuotaModel, 'zone' | 'persona' | 'thresholds'>): QuotaModel {
  return {
    id: quota.id,
    path: quota.path,
    type: quota.type,
    persona: PERSONA_TYPES.includes(quota.type) ? (quota.persona?.name ?? base.persona) : null,
    zone: base.zone ?? SYSTEM_ZONE,
    includeSnapshots: quota.includeSnapshots,
    enforced: quota.enforced,
    container: quota.container,
    thresholds: modelThresholds(quota.thresholds, base.thresholds),
    thresholdsOn: quota.thresholdsOn,
    usage: { ...quota.usage },
    ready: quota.ready,
  };
}

/** A create error at the attribute it is about: the persona (unknown user/group), the path, or a taken path/type. */
function atAttribute(error: unknown): unknown {
  if (!isPapiError(error)) return error;
  if (error.status === 409) return new ErrorAtAttribute('path', error);
  if (error.status === 404 && /persona|user|group/i.test(error.message)) return new ErrorAtAttribute('persona', error);
  if (error.status === 404 && /zone/i.test(error.message)) return new ErrorAtAttribute('zone', error);
  if (error.status === 400 && /threshold|grace|advisory/i.test(error.message)) return new ErrorAtAttribute('thresholds', error);
  if (error.status === 400 || error.status === 404) return new ErrorAtAttribute('path', error);
  return error;
}

/** Parses `<type>:<path>`; undefined for anything else (then the id is the cluster's). */
export function parseTypedImportId(id: string): { type: QuotaType; path: string } | undefined {
  const colon = id.indexOf(':');
  if (colon < 0) return undefined;
  const type = id.slice(0, colon);
  const path = id.slice(colon + 1);
  if (!(QUOTA_TYPES as readonly string[]).includes(type)) {
    throw new DiagnosticError({ summary: 'Invalid Import ID', detail: `Import a quota by its id, or as <type>:<path> with type one of ${QUOTA_TYPES.join(', ')} (for example directory:/ifs/tenants/acme); ${JSON.stringify(type)} is not a quota type.` });
  }
  return { type: type as QuotaType, path };
}

function describePersona(q: Quota): string {
  return q.persona?.name ?? q.persona?.id ?? 'no persona';
}

/** The quota the cluster has with `model`'s identity (path, type, persona, include_snapshots), if any. */
async function findQuotaLike(papi: Parameters<typeof listQuotas>[0], model: QuotaModel, signal: AbortSignal): Promise<Quota | undefined> {
  const type = (model.type ?? 'directory') as QuotaType;
  const persona = PERSONA_TYPES.includes(type) ? model.persona : null;
  const found = await listQuotas(papi, { path: model.path ?? '', type }, signal);
  return found.find((q) => q.path === model.path && q.type === type && (persona === null || q.persona?.name === persona) && q.includeSnapshots === (model.includeSnapshots ?? false));
}

export const quotaResource = defineResource<QuotaModel>({
  typeName: 'powerscale_quota',
  title: 'Quota',
  schema: quotaSchema,

  validate({ config }) {
    const thresholds = isUnknown(config.thresholds) ? null : config.thresholds;
    return [...personaProblems(config.type, config.persona), ...thresholdProblems(thresholds)];
  },

  modifyPlan({ prior, planned }): ModifyPlanResult<QuotaModel> | void {
    if (prior === null || prior.usage === null) return;
    const t = planned.thresholds;
    if (t === null || isUnknown(t) || isUnknown(t.hard) || t.hard === null) return;
    const thresholdsOn = isUnknown(planned.thresholdsOn) ? prior.thresholdsOn : planned.thresholdsOn;
    const used = governedBytes(prior.usage, thresholdsOn);
    if (used === null || t.hard >= used || t.hard === prior.thresholds?.hard) return;
    const problems: Problem[] = [
      {
        severity: 'warning',
        summary: 'Quota Hard Threshold Below Usage',
        detail: `The new hard threshold of ${prior.path ?? 'the quota'} (${t.hard} bytes) is below what its data already uses (${used} bytes, as last read). OneFS accepts it, and then denies every write that adds data until usage falls below the threshold.`,
        attribute: [{ attribute: 'thresholds' }, { attribute: 'hard' }],
      },
    ];
    return { problems };
  },

  async create({ plan, papi, signal }) {
    const zone = plan.zone ?? SYSTEM_ZONE;
    const type = (plan.type ?? 'directory') as QuotaType;
    let id: string;
    const existing = await findQuotaLike(papi, plan, signal);
    refuseExisting(existing !== undefined, {
      title: 'Quota',
      what: `a ${type} quota on ${plan.path ?? ''}${plan.persona === null ? '' : ` for ${plan.persona}`} (id ${existing?.id ?? ''})`,
      attribute: 'path',
      importId: existing?.id ?? '',
    });
    try {
      id = await createQuota(
        papi,
        {
          path: plan.path ?? '',
          type,
          persona: plan.persona !== null && PERSONA_TYPES.includes(type) ? { type, name: plan.persona } : undefined,
          zone: PERSONA_TYPES.includes(type) ? zone : undefined,
          includeSnapshots: plan.includeSnapshots ?? false,
          enforced: plan.enforced ?? true,
          container: plan.container ?? false,
          thresholds: wireThresholds(plan.thresholds),
          thresholdsOn: (plan.thresholdsOn ?? undefined) as ThresholdsOn | undefined,
        },
        signal,
      );
    } catch (error) {
      // No clear answer: the quota may exist now, under an id nobody heard (see ../create-outcome);
      // read finds it by path, type and persona.
      if (createOutcomeUnknown(error)) throw new PartialStateError<QuotaModel>({ ...plan, id: null, usage: null, ready: null, thresholdsOn: plan.thresholdsOn ?? null }, error);
      throw atAttribute(error);
    }
    try {
      return toModel(await getQuota(papi, id, { zone, signal }), plan);
    } catch (error) {
      throw new PartialStateError<QuotaModel>({ ...plan, id, usage: null, ready: null, thresholdsOn: plan.thresholdsOn ?? null }, error);
    }
  },

  async read({ state, papi, signal }) {
    if (state.id === null) {
      // Recorded by a create without a clear answer: the quota is the one with its identity, if any.
      const found = await findQuotaLike(papi, state, signal);
      return found === undefined ? null : toModel(found, state);
    }
    try {
      return toModel(await getQuota(papi, state.id, { zone: state.zone ?? SYSTEM_ZONE, signal }), state);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  },

  async update({ plan, prior, papi, signal }) {
    const id = prior.id ?? '';
    const thresholdsOn = plan.thresholdsOn !== null && plan.thresholdsOn !== prior.thresholdsOn ? (plan.thresholdsOn as ThresholdsOn) : undefined;
    try {
      await updateQuota(papi, id, { enforced: plan.enforced ?? true, container: plan.container ?? false, thresholds: wireThresholds(plan.thresholds), thresholdsOn }, signal);
    } catch (error) {
      throw atAttribute(error);
    }
    return toModel(await getQuota(papi, id, { zone: plan.zone ?? SYSTEM_ZONE, signal }), plan);
  },

  async delete({ state, papi, signal }) {
    if (state.id === null) return;
    try {
      await deleteQuota(papi, state.id, signal);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },

  async importState({ id, papi, signal }) {
    const typed = parseTypedImportId(id);
    if (typed === undefined) return { id };
    const found = await listQuotas(papi, { path: typed.path, type: typed.type }, signal);
    const exact = found.filter((q) => q.path === typed.path && q.type === typed.type);
    const [only] = exact;
    if (only === undefined) throw new DiagnosticError({ summary: 'Quota Not Found', detail: `The cluster has no ${typed.type} quota on ${typed.path}.` });
    if (exact.length > 1) {
      throw new DiagnosticError({
        summary: 'Ambiguous Quota Import ID',
        detail: `${exact.length} ${typed.type} quotas are on ${typed.path} (one per persona): import one by its id: ${exact.map((q) => `${q.id} (${describePersona(q)})`).join(', ')}.`,
      });
    }
    return { id: only.id };
  },
});
