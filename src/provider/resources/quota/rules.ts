/**
 * The checks of `powerscale_quota` that span attributes, shared by validate (config) and the plan
 * (a hard threshold below what the data already uses). OneFS refuses the same threshold
 * combinations at create and modify; checking them at validate time names the attribute before
 * anything is sent.
 */
import { isUnknown, type AttributePath, type Planned, type Problem } from '../../framework';
import type { QuotaModel } from './schema';
import { PERSONA_TYPES } from './schema';

type Thresholds = NonNullable<QuotaModel['thresholds']>;

const at = (name: string): AttributePath => [{ attribute: 'thresholds' }, { attribute: name }];

function known(v: unknown): v is number | null {
  return !isUnknown(v);
}

/** Threshold combinations OneFS refuses: soft without soft_grace (and back), soft or advisory not below hard. */
export function thresholdProblems(t: Planned<Thresholds> | null): Problem[] {
  if (t === null || isUnknown(t)) return [];
  const problems: Problem[] = [];
  const { hard, soft, softGrace, advisory } = t;
  if (known(soft) && known(softGrace) && soft !== null && softGrace === null) {
    problems.push({ summary: 'Soft Threshold Needs a Grace Period', detail: 'thresholds.soft is set without thresholds.soft_grace: OneFS needs both (seconds after the soft threshold is passed before writes are denied). Set soft_grace, or remove soft.', attribute: at('soft_grace') });
  }
  if (known(soft) && known(softGrace) && soft === null && softGrace !== null) {
    problems.push({ summary: 'Grace Period Without a Soft Threshold', detail: 'thresholds.soft_grace is set without thresholds.soft: a grace period only applies to a soft threshold. Set soft, or remove soft_grace.', attribute: at('soft_grace') });
  }
  for (const [name, value] of [['soft', soft], ['advisory', advisory]] as const) {
    if (known(hard) && known(value) && hard !== null && value !== null && value >= hard) {
      problems.push({ summary: 'Threshold Not Below the Hard Threshold', detail: `thresholds.${name} (${value} bytes) must be below thresholds.hard (${hard} bytes), as OneFS requires.`, attribute: at(name) });
    }
  }
  return problems;
}

/** `persona` is required for user and group quotas and refused for the others. */
export function personaProblems(type: unknown, persona: unknown): Problem[] {
  if (isUnknown(type) || isUnknown(persona)) return [];
  const quotaType = typeof type === 'string' ? type : 'directory';
  const needs = PERSONA_TYPES.includes(quotaType);
  if (needs && persona === null) return [{ summary: 'Missing Persona', detail: `A ${quotaType} quota counts one ${quotaType}'s data: set persona to the ${quotaType} name (resolved in zone).`, attribute: 'persona' }];
  if (!needs && persona !== null) return [{ summary: 'Persona Not Allowed', detail: `persona is only for user and group quotas; a ${quotaType} quota has none. Remove persona, or set type to "user" or "group".`, attribute: 'persona' }];
  return [];
}

/** The usage a quota's thresholds are compared with (`thresholds_on`). */
export function governedBytes(usage: { logical: number | null; physical: number | null }, thresholdsOn: string | null): number | null {
  return thresholdsOn === 'physicalsize' ? usage.physical : usage.logical;
}
