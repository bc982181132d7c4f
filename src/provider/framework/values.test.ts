import { describe, expect, it } from 'vitest';
import { BigNumberValue, UNKNOWN } from './contract';
import { compileSchema } from './schema';
import { jsonToObject, modelToObject, modelToTfValue, objectToModel, tfEqual, ValueConversionError } from './values';

const schema = compileSchema('t', {
  description: 't',
  attributes: {
    accessId: { type: 'string', description: 'a', computed: true },
    expiryMinutes: { type: 'number', description: 'n', optional: true },
    triggers: { type: ['map', 'string'], description: 'm', optional: true },
  },
});

describe('values', () => {
  it('maps snake_case Terraform objects to camelCase models and back, keeping map keys as they are', () => {
    const obj = { access_id: 'AKID', expiry_minutes: 5, triggers: { rotated_at: '2026' } };
    const model = objectToModel(schema, obj, 'null');
    expect(model).toEqual({ accessId: 'AKID', expiryMinutes: 5, triggers: { rotated_at: '2026' } });
    expect(modelToObject(schema, model)).toEqual(obj);
  });

  it('gives handlers null for unknown values and plan hooks UNKNOWN', () => {
    const obj = { access_id: UNKNOWN, expiry_minutes: null, triggers: null };
    expect(objectToModel(schema, obj, 'null').accessId).toBeNull();
    expect(objectToModel(schema, obj, 'keep').accessId).toBe(UNKNOWN);
  });

  it('fills attributes a model leaves out with null', () => {
    expect(modelToObject(schema, { accessId: 'x' })).toEqual({ access_id: 'x', expiry_minutes: null, triggers: null });
  });

  it('names the attribute path of a value of the wrong type', () => {
    try {
      modelToTfValue({ a: 1 }, ['map', 'string'], [{ attribute: 'triggers' }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValueConversionError);
      expect((error as ValueConversionError).path).toEqual([{ attribute: 'triggers' }, { key: 'a' }]);
    }
  });

  it('compares numbers by value across representations and sets without order', () => {
    expect(tfEqual(5, new BigNumberValue('5'))).toBe(true);
    expect(tfEqual(new BigNumberValue('9007199254740993'), new BigNumberValue('9007199254740993'))).toBe(true);
    expect(tfEqual(['a', 'b'], ['b', 'a'], ['set', 'string'])).toBe(true);
    expect(tfEqual(['a', 'b'], ['b', 'a'], ['list', 'string'])).toBe(false);
    expect(tfEqual(UNKNOWN, UNKNOWN)).toBe(true);
    expect(tfEqual(UNKNOWN, 'x')).toBe(false);
  });

  it('keeps a big integer from stored JSON exact', () => {
    expect(jsonToObject(schema, { expiry_minutes: '9007199254740993' }).expiry_minutes).toEqual(new BigNumberValue('9007199254740993'));
  });
});
