/**
 * Properties of `powerscale_s3_key` validation and create planning under arbitrary input (issue 9,
 * bad input). The rules are restated here independently of the regular expressions in ./naming, so
 * that a drift between the documented rule and the code shows up as a counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSecretName } from '../../../secrets/names';
import type { ClientFactories } from '../../clients';
import { BigNumberValue, UNKNOWN, type Diagnostic, type TfObject, type TfValue } from '../../framework/contract';
import { createSilentLog } from '../../framework/logger';
import { createFrameworkServer } from '../../framework/server';
import { createPowerScaleProvider } from '../../provider';
import { defaultSecretName } from './naming';
import { s3KeyResource } from './resource';

const TYPE = 'powerscale_s3_key';
const ATTRIBUTES = ['id', 'user', 'zone', 'existing_key_expiry_minutes', 'adoption_expiry_minutes', 'secret_name', 'rotation_triggers', 'access_id', 'secret_key_timestamp', 'old_key_expiry'];

// Planning a create must not touch the cluster or the store: these clients fail loudly if used.
const untouchable: ClientFactories = {
  createPapi: () => Promise.reject(new Error('planning a create must not reach the cluster')),
  createSecretStore: () => Promise.reject(new Error('planning a create must not reach the secret store')),
};
const server = createFrameworkServer({ provider: createPowerScaleProvider(untouchable), resources: [s3KeyResource], log: createSilentLog() });

// The documented rules (DESIGN.md, onefs-papi.md §6.2, Cloudify's secret-name rule), restated.
const USER_FORBIDDEN = new Set([...'/\\:@"<>|*?+=;,[]']);
// The oracle, written independently of naming.ts: "." and ".." collapse URL paths; control and
// format characters (bidi overrides) are invisible in a terminal.
const userValid = (u: string) => u.length >= 1 && u.length <= 104 && u !== '.' && u !== '..' && ![...u].some((c) => /\s/.test(c) || /[\p{Cc}\p{Cf}]/u.test(c) || USER_FORBIDDEN.has(c));
const zoneValid = (z: string) => z.length >= 1 && z.length <= 255 && z !== '.' && z !== '..' && [...z].every((c) => /[A-Za-z0-9_.-]/.test(c));
const secretNameValid = (n: string) => n.length >= 1 && n.length <= 256 && /[A-Za-z]/.test(n[0] ?? '') && [...n].every((c) => /[A-Za-z0-9_.-]/.test(c));

const nameish = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', '_', '.', '-', ' ', '\t', '\u00a0', '/', '\\', ':', '@', '"', '<', '|', '*', '?', '+', '=', ';', ',', '[', ']', 'é', '😀', '\u0000', '\u0085', '\u202e', '\u2066', '\u200d'), maxLength: 12 }),
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/),
  fc.constantFrom('', 'x'.repeat(104), 'x'.repeat(105), 'z'.repeat(255), 'z'.repeat(256), `s${'x'.repeat(255)}`, `s${'x'.repeat(256)}`, 'System', '__proto__', 'constructor', '.', '..', '...'),
);

const anyNumber: fc.Arbitrary<TfValue> = fc.oneof(
  fc.integer({ min: -5000, max: 5000 }),
  fc.double({ noNaN: true }),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map((b) => new BigNumberValue(b.toString())),
  fc.constantFrom<TfValue>(0, 1440, 1441, -1, 0.5, new BigNumberValue('1440.00000000000000000001')),
);

const maybe = (arb: fc.Arbitrary<TfValue>): fc.Arbitrary<TfValue> =>
  fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(UNKNOWN) });

const s3KeyConfig: fc.Arbitrary<TfObject> = fc.record({
  id: fc.constant(null),
  user: maybe(nameish),
  zone: maybe(nameish),
  existing_key_expiry_minutes: maybe(anyNumber),
  secret_name: maybe(nameish),
  rotation_triggers: maybe(fc.dictionary(fc.string(), maybe(fc.string()), { maxKeys: 4 })),
  access_id: fc.constant(null),
  secret_key_timestamp: fc.constant(null),
  old_key_expiry: fc.constant(null),
});

const base: TfObject = Object.fromEntries(ATTRIBUTES.map((a) => [a, null]));

function checkWellFormed(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    expect(d.summary.trim()).not.toBe('');
    expect(d.detail.trim()).not.toBe('');
    expect(d.summary).not.toMatch(/Unexpected Provider Error|Provider bug/i);
    const head = d.attribute?.[0];
    if (d.attribute) expect(d.attribute.length === 1 && head !== undefined && 'attribute' in head && ATTRIBUTES.includes(head.attribute)).toBe(true);
  }
}

const errorsAt = (diagnostics: Diagnostic[], attribute: string) => diagnostics.filter((d) => d.severity === 'error' && JSON.stringify(d.attribute) === JSON.stringify([{ attribute }]));

describe('powerscale_s3_key validation on arbitrary input', () => {
  it('always answers with well-formed diagnostics that point at real attributes, never an unexpected error', async () => {
    await fc.assert(
      fc.asyncProperty(s3KeyConfig, async (config) => checkWellFormed(await server.validateResourceConfig(TYPE, config))),
      { numRuns: 600 },
    );
  });

  it('flags user at the attribute exactly when it breaks the OneFS user-name rule', async () => {
    await fc.assert(
      fc.asyncProperty(nameish, async (user) => {
        const diagnostics = await server.validateResourceConfig(TYPE, { ...base, user });
        checkWellFormed(diagnostics);
        expect(errorsAt(diagnostics, 'user').length > 0, JSON.stringify(user)).toBe(!userValid(user));
        if (!userValid(user)) expect(errorsAt(diagnostics, 'user')[0]?.detail).toMatch(/1 to 104 characters/);
      }),
      { numRuns: 800 },
    );
  });

  it('flags zone at the attribute exactly when it breaks the OneFS zone-name rule', async () => {
    await fc.assert(
      fc.asyncProperty(nameish, async (zone) => {
        const diagnostics = await server.validateResourceConfig(TYPE, { ...base, user: 'alice', zone });
        checkWellFormed(diagnostics);
        expect(errorsAt(diagnostics, 'zone').length > 0, JSON.stringify(zone)).toBe(!zoneValid(zone));
      }),
      { numRuns: 800 },
    );
  });

  it('flags secret_name at the attribute exactly when the secret store could not hold that name', async () => {
    await fc.assert(
      fc.asyncProperty(nameish, async (secretName) => {
        const diagnostics = await server.validateResourceConfig(TYPE, { ...base, user: 'alice', secret_name: secretName });
        checkWellFormed(diagnostics);
        expect(errorsAt(diagnostics, 'secret_name').length > 0, JSON.stringify(secretName)).toBe(!secretNameValid(secretName));
      }),
      { numRuns: 800 },
    );
  });

  it('flags existing_key_expiry_minutes at the attribute exactly when it is not a whole number from 0 to 1440', async () => {
    await fc.assert(
      fc.asyncProperty(anyNumber, async (n) => {
        const diagnostics = await server.validateResourceConfig(TYPE, { ...base, user: 'alice', existing_key_expiry_minutes: n });
        checkWellFormed(diagnostics);
        const whole = n instanceof BigNumberValue ? (/^-?\d+$/.test(n.decimal) ? BigInt(n.decimal) : undefined) : Number.isInteger(n) ? BigInt(n as number) : undefined;
        const valid = whole !== undefined && whole >= 0n && whole <= 1440n;
        expect(errorsAt(diagnostics, 'existing_key_expiry_minutes').length > 0, String(n)).toBe(!valid);
      }),
      { numRuns: 500 },
    );
  });
});

describe('powerscale_s3_key read-only attributes', () => {
  it('refuses any configured value for an attribute only the provider sets, at that attribute', async () => {
    const readOnly = fc.oneof(
      fc.record({ attribute: fc.constantFrom('id', 'access_id'), value: fc.oneof(fc.string(), fc.constant(UNKNOWN)) }),
      fc.record({ attribute: fc.constantFrom('secret_key_timestamp', 'old_key_expiry'), value: fc.oneof(anyNumber, fc.constant(UNKNOWN)) }),
    );
    await fc.assert(
      fc.asyncProperty(readOnly, async ({ attribute, value }) => {
        const diagnostics = await server.validateResourceConfig(TYPE, { ...base, user: 'alice', [attribute]: value });
        checkWellFormed(diagnostics);
        expect(errorsAt(diagnostics, attribute).map((d) => d.summary)).toEqual(['Invalid Configuration for Read-Only Attribute']);
      }),
      { numRuns: 200 },
    );
  });
});

describe('powerscale_s3_key create plans for arbitrary valid names', () => {
  const validUser = nameish.filter(userValid);
  const validZone = nameish.filter(zoneValid);

  it('derives a default secret name the store accepts, the same every time and different for every zone and user', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(validZone, validUser), { minLength: 2, maxLength: 20, selector: ([z, u]) => `${z}\u0000${u}` }), (pairs) => {
        const names = pairs.map(([z, u]) => defaultSecretName(z, u));
        for (const [i, name] of names.entries()) {
          expect(validateSecretName(name), name).toBeUndefined();
          const [z, u] = pairs[i] as [string, string];
          expect(defaultSecretName(z, u)).toBe(name);
        }
        expect(new Set(names).size).toBe(names.length);
      }),
      { numRuns: 500 },
    );
  });

  it('plans a create with id <zone>/<user> and a known secret name, without touching the cluster or the store', async () => {
    const caps = { deferralAllowed: false, writeOnlyAttributesAllowed: true };
    const providerConfig: TfObject = { endpoint: 'https://cluster.example.com', username: 'admin', password: 'pw-not-used', password_file: null, password_secret: null, insecure: null, ca_cert_file: null, timeout_seconds: null, secret_store: null };
    expect(await server.configureProvider({ terraformVersion: '1.11.4', config: providerConfig, clientCapabilities: caps })).toEqual([]);
    await fc.assert(
      fc.asyncProperty(validUser, fc.option(validZone, { nil: null }), async (user, zone) => {
        const config: TfObject = { ...base, user, zone };
        const plan = await server.planResourceChange({ typeName: TYPE, priorState: null, proposedNewState: config, config, priorPrivate: new Uint8Array(), clientCapabilities: caps }, new AbortController().signal);
        checkWellFormed(plan.diagnostics);
        expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const planned = plan.plannedState ?? {};
        expect(planned.id).toBe(`${zone ?? 'System'}/${user}`);
        expect(planned.secret_name).toBe(defaultSecretName(zone ?? 'System', user));
        expect(planned.access_id).toBe(UNKNOWN);
      }),
      { numRuns: 300 },
    );
  });
});
