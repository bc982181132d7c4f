/**
 * Properties of the cty msgpack decoder under bad input (issue 9): arbitrary bytes against real
 * and generated types, and valid values decoded against the wrong schema. The decoder may accept
 * or refuse; when it refuses it throws a ValueError whose path names where the value went wrong,
 * never another exception. The last block pushes the same bytes through the provider's RPC
 * handlers, where every refusal must come back as a diagnostic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BigNumberValue, UNKNOWN, type AttributePath, type CtyType, type TfValue } from '../framework/contract';
import { createLogger } from '../log';
import { createProviderServer } from '../server';
import { impliedType } from './cty-types';
import { decodeDiagnostic } from './messages';
import { decodeMsgpack, encodeMsgpack } from './msgpack';
import { createProviderHandlers, METHOD } from './provider-service';
import { ValueError } from './value-error';
import { ProtoFields, ProtoWriter } from './wire';

/** Runs a decode; returns the ValueError it threw, or undefined when it decoded. Any other throw fails the test. */
function decodeOutcome(bytes: Uint8Array, type: CtyType): ValueError | undefined {
  try {
    decodeMsgpack(bytes, type);
    return undefined;
  } catch (error) {
    if (error instanceof ValueError) return error;
    throw new Error(`decodeMsgpack threw ${String(error)} instead of a ValueError for ${Buffer.from(bytes).toString('hex')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Types and values that conform to them
// ---------------------------------------------------------------------------------------------

const attrName = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);

const ctyType: fc.Arbitrary<CtyType> = fc.letrec<{ type: CtyType }>((tie) => ({
  type: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'cty' },
    fc.constantFrom<CtyType>('string', 'number', 'bool'),
    tie('type').map((t): CtyType => ['list', t]),
    tie('type').map((t): CtyType => ['set', t]),
    tie('type').map((t): CtyType => ['map', t]),
    fc.dictionary(attrName, tie('type'), { minKeys: 1, maxKeys: 4 }).map((attrs): CtyType => ['object', attrs]),
    fc.array(tie('type'), { minLength: 1, maxLength: 3 }).map((items): CtyType => ['tuple', items]),
  ),
})).type;

const numberValue: fc.Arbitrary<TfValue> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }).filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)).map((b) => new BigNumberValue(b.toString())),
);

/** A known (non-null, non-unknown) value of `type`; inner values may be null or unknown. */
function knownValueOf(type: CtyType): fc.Arbitrary<TfValue> {
  if (type === 'string') return fc.string({ unit: 'grapheme', maxLength: 8 });
  if (type === 'number') return numberValue;
  if (type === 'bool') return fc.boolean();
  if (type === 'dynamic') return fc.string();
  const [kind, arg] = type;
  switch (kind) {
    case 'list':
    case 'set':
      return fc.array(valueOf(arg), { maxLength: 3 });
    case 'map':
      return fc.dictionary(fc.string({ maxLength: 4 }), valueOf(arg), { maxKeys: 3 });
    case 'tuple':
      return fc.tuple(...arg.map(valueOf));
    case 'object':
      return fc.record(Object.fromEntries(Object.entries(arg).map(([k, t]) => [k, valueOf(t)])));
  }
}

function valueOf(type: CtyType): fc.Arbitrary<TfValue> {
  return fc.oneof({ weight: 6, arbitrary: knownValueOf(type) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(UNKNOWN) });
}

/**
 * A type that a known value of `type` can never decode as, whatever the value: the msgpack
 * family differs (string/number/bool/array/map). string → number is left out on purpose: cty reads
 * a decimal string as a number, and so does this decoder.
 */
function incompatibleTypes(type: CtyType): CtyType[] {
  if (type === 'string') return ['bool', ['list', 'string'], ['map', 'string'], ['object', { a: 'string' }]];
  if (type === 'number') return ['string', 'bool', ['list', 'number'], ['map', 'number']];
  if (type === 'bool') return ['string', 'number', ['set', 'bool'], ['object', { a: 'bool' }]];
  if (type === 'dynamic') return [];
  switch (type[0]) {
    case 'list':
    case 'set':
    case 'tuple':
      return ['string', 'number', 'bool', ['map', 'string']];
    case 'map':
    case 'object':
      return ['string', 'number', 'bool', ['list', 'string']];
  }
}

/**
 * Walks `value` along the choices, descending into known children, and replaces the type at the
 * stopping point with an incompatible one. Undefined when the walk finds no known value to break.
 */
function breakType(type: CtyType, value: TfValue, choices: number[]): CtyType | undefined {
  if (value === null || value === UNKNOWN) return undefined;
  const choice = choices[0] ?? 0;
  const rest = choices.slice(1);
  const here = (): CtyType | undefined => {
    const options = incompatibleTypes(type);
    return options[choice % Math.max(1, options.length)];
  };
  if (typeof type === 'string' || choice % 3 === 0) return here();
  const [kind, arg] = type;
  switch (kind) {
    case 'list':
    case 'set': {
      const items = value as TfValue[];
      const inner = items.length ? breakType(arg, items[choice % items.length] ?? null, rest) : undefined;
      return inner ? [kind, inner] : here();
    }
    case 'map': {
      const items = Object.values(value as Record<string, TfValue>);
      const inner = items.length ? breakType(arg, items[choice % items.length] ?? null, rest) : undefined;
      return inner ? ['map', inner] : here();
    }
    case 'tuple': {
      const i = choice % arg.length;
      const inner = breakType(arg[i] as CtyType, (value as TfValue[])[i] ?? null, rest);
      return inner ? ['tuple', arg.map((t, j) => (j === i ? inner : t))] : here();
    }
    case 'object': {
      const names = Object.keys(arg);
      const name = names[choice % names.length] as string;
      const inner = breakType(arg[name] as CtyType, (value as Record<string, TfValue>)[name] ?? null, rest);
      return inner ? ['object', { ...arg, [name]: inner }] : here();
    }
  }
}

/**
 * The oracle: the path of the first known value, in wire order (array order; object attributes and
 * map keys sorted, as the encoder writes them), whose type differs between `good` and `bad`.
 */
function firstMismatch(value: TfValue, good: CtyType, bad: CtyType, path: AttributePath): AttributePath | undefined {
  if (value === null || value === UNKNOWN) return undefined;
  if (JSON.stringify(good) === JSON.stringify(bad)) return undefined;
  if (typeof good === 'string' || typeof bad === 'string' || good[0] !== bad[0]) return path;
  switch (good[0]) {
    case 'list':
    case 'set': {
      const items = value as TfValue[];
      for (let i = 0; i < items.length; i++) {
        const found = firstMismatch(items[i] ?? null, good[1], bad[1] as CtyType, [...path, { index: i }]);
        if (found) return found;
      }
      return undefined;
    }
    case 'map': {
      const record = value as Record<string, TfValue>;
      for (const key of Object.keys(record).sort()) {
        const found = firstMismatch(record[key] ?? null, good[1], bad[1] as CtyType, [...path, { key }]);
        if (found) return found;
      }
      return undefined;
    }
    case 'tuple': {
      const items = value as TfValue[];
      const badItems = bad[1] as CtyType[];
      for (let i = 0; i < good[1].length; i++) {
        const found = firstMismatch(items[i] ?? null, good[1][i] as CtyType, badItems[i] as CtyType, [...path, { index: i }]);
        if (found) return found;
      }
      return undefined;
    }
    case 'object': {
      const record = value as Record<string, TfValue>;
      const badAttrs = bad[1] as Record<string, CtyType>;
      for (const name of Object.keys(good[1]).sort()) {
        const found = firstMismatch(record[name] ?? null, good[1][name] as CtyType, badAttrs[name] as CtyType, [...path, { attribute: name }]);
        if (found) return found;
      }
      return undefined;
    }
  }
}

const typedValue = ctyType.chain((type) => knownValueOf(type).map((value) => ({ type, value })));

// ---------------------------------------------------------------------------------------------
// The real schemas
// ---------------------------------------------------------------------------------------------

const server = createProviderServer();
const schema = server.getProviderSchema();
const providerType = impliedType(schema.provider.block);
const s3KeyType = impliedType((schema.resourceSchemas.powerscale_s3_key ?? schema.provider).block);
const clusterType = impliedType((schema.resourceSchemas.powerscale_cluster ?? schema.provider).block);
const realTypes: CtyType[] = [providerType, s3KeyType, clusterType, 'dynamic', 'string', 'number', ['map', 'string']];

/** Bytes that start like msgpack maps/arrays/strings often enough to get past the first byte. */
const msgpackish = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.tuple(fc.constantFrom(0x80, 0x81, 0x83, 0x89, 0x92, 0xa4, 0xc7, 0xd4, 0xd9, 0xdc, 0xde, 0xdf), fc.uint8Array({ maxLength: 64 })).map(([head, tail]) => Uint8Array.from([head, ...tail])),
  // A valid encoding of some value, then damaged: truncated, or one byte changed.
  typedValue.chain(({ type, value }) => {
    const good = encodeMsgpack(value, type);
    return fc.oneof(
      fc.nat({ max: Math.max(0, good.length - 1) }).map((n) => good.subarray(0, n)),
      fc.tuple(fc.nat({ max: Math.max(0, good.length - 1) }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
        const copy = Buffer.from(good);
        copy[i] = b;
        return copy;
      }),
    );
  }),
);

describe('cty msgpack decoder on bad input', () => {
  it('either decodes arbitrary bytes or throws a ValueError with a message, against the real provider and resource types', () => {
    fc.assert(
      fc.property(msgpackish, fc.constantFrom(...realTypes), (bytes, type) => {
        const error = decodeOutcome(bytes, type);
        if (error) expect(error.message.trim()).not.toBe('');
      }),
      { numRuns: 3000 },
    );
  });

  it('either decodes arbitrary bytes or throws a ValueError, against arbitrary types', () => {
    fc.assert(fc.property(msgpackish, ctyType, (bytes, type) => void decodeOutcome(bytes, type)), { numRuns: 1000 });
  });

  it('refuses a valid value decoded against a wrong schema with a ValueError whose path is where the schemas differ', () => {
    fc.assert(
      fc.property(typedValue, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), ({ type, value }, choices) => {
        const broken = breakType(type, value, choices);
        fc.pre(broken !== undefined);
        if (!broken) return;
        const expected = firstMismatch(value, type, broken, []);
        expect(expected, 'the oracle finds the known value the broken type refuses').toBeDefined();
        const error = decodeOutcome(encodeMsgpack(value, type), broken);
        expect(error, `decoding as ${JSON.stringify(broken)} should fail`).toBeInstanceOf(ValueError);
        expect(error?.path).toEqual(expected);
        for (const step of expected ?? []) if ('attribute' in step) expect(error?.message).toContain(step.attribute);
      }),
      { numRuns: 1000 },
    );
  });

  it('names the attribute when an s3 key object carries an attribute the schema does not have', () => {
    fc.assert(
      fc.property(attrName.filter((n) => !(n in (s3KeyType as ['object', Record<string, CtyType>])[1])), fc.string(), (name, v) => {
        const [, attrs] = s3KeyType as ['object', Record<string, CtyType>];
        const wider: CtyType = ['object', { ...attrs, [name]: 'string' }];
        const value = Object.fromEntries([...Object.keys(attrs).map((k) => [k, null] as const), [name, v]]);
        const error = decodeOutcome(encodeMsgpack(value, wider), s3KeyType);
        expect(error?.path).toEqual([{ attribute: name }]);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The same bytes through the provider's RPC handlers
// ---------------------------------------------------------------------------------------------

const handlers = createProviderHandlers({ server, log: createLogger({ level: 'off' }), onShutdown: () => {} });

function dynamicValue(msgpack: Uint8Array): Buffer {
  return new ProtoWriter().bytesAlways(1, msgpack).finish();
}

async function call(method: string, request: Buffer): Promise<Buffer> {
  const handler = handlers.get(method);
  if (!handler) throw new Error(`no handler for ${method}`);
  return Buffer.from(await handler(request, new AbortController().signal));
}

describe('provider RPCs on bad config bytes', () => {
  it('answer ValidateProviderConfig and ValidateResourceConfig with diagnostics, never a throw, for arbitrary config bytes', async () => {
    await fc.assert(
      fc.asyncProperty(msgpackish, fc.constantFrom('provider', 'powerscale_s3_key', 'powerscale_cluster'), async (bytes, target) => {
        const response =
          target === 'provider'
            ? await call(METHOD.validateProviderConfig, new ProtoWriter().message(1, dynamicValue(bytes)).finish())
            : await call(METHOD.validateResourceConfig, new ProtoWriter().string(1, target).message(2, dynamicValue(bytes)).finish());
        const field = target === 'provider' ? 2 : 1;
        const diagnostics = ProtoFields.parse(response).repeated(field).map(decodeDiagnostic);
        for (const d of diagnostics) {
          expect(d.summary.trim()).not.toBe('');
          expect(d.summary).not.toMatch(/Provider bug|Unexpected Provider Error/i);
        }
        // Bytes that do not decode as the schema's object must produce an error naming the problem.
        const type = target === 'provider' ? providerType : target === 'powerscale_s3_key' ? s3KeyType : clusterType;
        const error = bytes.length ? decodeOutcome(bytes, type) : undefined;
        if (error) {
          const invalid = diagnostics.find((d) => d.summary.startsWith('Invalid config value'));
          expect(invalid, `no diagnostic for ${error.message}`).toBeDefined();
          expect(invalid?.detail).toContain(error.message);
          if (error.path.length) expect(invalid?.attribute).toEqual(error.path);
        }
      }),
      { numRuns: 400 },
    );
  });
});
