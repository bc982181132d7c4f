import { describe, expect, it } from 'vitest';
import { decodePlan, PlanFormatError } from './plan-document';
import { classify } from './classify';

describe('decodePlan', () => {
  it('fails on something that is not a plan, saying what to run', () => {
    expect(() => decodePlan({ foo: 1 })).toThrow(PlanFormatError);
    expect(() => decodePlan({ foo: 1 })).toThrow(/terraform show -json PLANFILE/);
  });

  it('recognises a state given instead of a plan', () => {
    expect(() => decodePlan({ format_version: '1.0', values: {} })).toThrow(/looks like a state, not a plan/);
  });

  it('fails on an unknown action, naming the resource', () => {
    const plan = { format_version: '1.2', resource_changes: [{ address: 'a.b', type: 'a', name: 'b', change: { actions: ['explode'] } }] };
    expect(() => decodePlan(plan)).toThrow(/resource_changes\[0\] \(a\.b\): "actions" must be/);
  });

  it('keeps each resource changed outside Terraform with its before and after', () => {
    const drift = { address: 'powerscale_s3_key.a', mode: 'managed', type: 'powerscale_s3_key', name: 'a', change: { actions: ['update'], before: { secret_key_timestamp: 1 }, after: { secret_key_timestamp: 2 } } };
    const plan = decodePlan({ format_version: '1.2', resource_changes: [], resource_drift: [drift, { ...drift, address: 'powerscale_s3_key.b', name: 'b' }] });
    expect(plan.driftCount).toBe(2);
    expect(plan.resourceDrift.map((d) => [d.address, d.actions, d.after])).toEqual([
      ['powerscale_s3_key.a', ['update'], { secret_key_timestamp: 2 }],
      ['powerscale_s3_key.b', ['update'], { secret_key_timestamp: 2 }],
    ]);
  });

  it('keeps the import id of a change that imports, and nothing for one that does not', () => {
    const rc = (address: string, change: object) => ({ address, mode: 'managed', type: 'powerscale_s3_key', name: address.split('.')[1], change: { actions: ['no-op'], ...change } });
    const plan = decodePlan({ format_version: '1.2', resource_changes: [rc('powerscale_s3_key.a', { importing: { id: 'System/a' } }), rc('powerscale_s3_key.b', {})] });
    expect(plan.resourceChanges.map((c) => c.importing)).toEqual([{ id: 'System/a' }, undefined]);
  });

  it('fails on a malformed drift entry, naming it', () => {
    expect(() => decodePlan({ format_version: '1.2', resource_changes: [], resource_drift: [{ address: 'a.b', change: { actions: [] } }] })).toThrow(/resource_drift\[0\] \(a\.b\)/);
  });
});

describe('classify', () => {
  it('folds both replacement orders into replace', () => {
    expect(classify(['delete', 'create'])).toBe('replace');
    expect(classify(['create', 'delete'])).toBe('replace');
    expect(classify(['update'])).toBe('update');
    expect(classify(['no-op'])).toBe('no-op');
  });

  it('keeps the plan\'s timestamp, which dates the grace windows of rotations', () => {
    expect(decodePlan({ format_version: '1.2', resource_changes: [], timestamp: '2026-11-25T08:23:44Z' }).timestamp).toBe('2026-11-25T08:23:44Z');
    expect(decodePlan({ format_version: '1.2', resource_changes: [] }).timestamp).toBeUndefined();
  });
});
