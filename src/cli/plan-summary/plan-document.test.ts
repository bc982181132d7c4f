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

  it('counts resources changed outside Terraform', () => {
    expect(decodePlan({ format_version: '1.2', resource_changes: [], resource_drift: [{}, {}] }).driftCount).toBe(2);
  });
});

describe('classify', () => {
  it('folds both replacement orders into replace', () => {
    expect(classify(['delete', 'create'])).toBe('replace');
    expect(classify(['create', 'delete'])).toBe('replace');
    expect(classify(['update'])).toBe('update');
    expect(classify(['no-op'])).toBe('no-op');
  });
});
