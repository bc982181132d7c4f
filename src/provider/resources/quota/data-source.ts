/**
 * `data "powerscale_quota"`: one quota by path and type (and persona for user and group quotas),
 * found through the list's filters. No such quota is an error, as for every data source.
 */
import { PapiDecodeError } from '../../../papi/decode';
import { listQuotas } from '../../../papi/quotas';
import { SYSTEM_ZONE } from '../../../onefs/rules';
import { defineDataSource, DiagnosticError } from '../../framework';
import { PERSONA_TYPES, quotaDataSchema, type QuotaDataModel } from './schema';

export const quotaDataSource = defineDataSource<QuotaDataModel>({
  typeName: 'powerscale_quota',
  title: 'Quota',
  schema: quotaDataSchema,
  async read({ config, papi, signal }) {
    const type = config.type ?? 'directory';
    const path = config.path ?? '';
    const zone = config.zone ?? SYSTEM_ZONE;
    const persona = PERSONA_TYPES.includes(type) && config.persona !== null ? `${type.toUpperCase()}:${config.persona}` : undefined;
    let found;
    try {
      found = await listQuotas(papi, { path, type, persona, zone: persona === undefined ? undefined : zone }, signal);
    } catch (error) {
      if (error instanceof PapiDecodeError) throw new DiagnosticError({ summary: 'Unexpected Cluster Response', detail: `${error.message}. Check that endpoint points at a OneFS 9.x cluster's Platform API.` });
      throw error;
    }
    const matching = found.filter((q) => q.path === path && q.type === type && (config.persona === null || q.persona?.name === config.persona));
    const [quota] = matching;
    if (quota === undefined) {
      throw new DiagnosticError({ summary: 'Quota Not Found', detail: `The cluster has no ${type} quota on ${path}${config.persona === null ? '' : ` for ${config.persona}`}.`, attribute: 'path' });
    }
    if (matching.length > 1) {
      throw new DiagnosticError({ summary: 'More Than One Quota', detail: `${matching.length} ${type} quotas are on ${path}, one per persona: set persona to choose one.`, attribute: 'persona' });
    }
    return {
      ...config,
      id: quota.id,
      includeSnapshots: quota.includeSnapshots,
      enforced: quota.enforced,
      container: quota.container,
      thresholds: { ...quota.thresholds },
      thresholdsOn: quota.thresholdsOn,
      usage: { ...quota.usage },
      ready: quota.ready,
    };
  },
});
