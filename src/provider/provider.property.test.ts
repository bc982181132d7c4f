/**
 * Properties of provider-block validation under arbitrary input (issue 9, bad input): every
 * attribute gets arbitrary strings, numbers (huge, fractional, negative, exact big decimals), null
 * or unknown. Validation always answers with diagnostics (never a throw, never an "unexpected
 * error"), every diagnostic says what is wrong and points at an attribute that exists, and a
 * password never comes back in any diagnostic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BigNumberValue, UNKNOWN, type AttributePath, type Diagnostic, type TfObject, type TfValue } from './framework/contract';
import { createSilentLog } from './framework/logger';
import { createFrameworkServer } from './framework/server';
import { createPowerScaleProvider } from './provider';
import { resources } from './resources';
import { providerConfig as providerBlock } from './testing/provider-config';

const server = createFrameworkServer({ provider: createPowerScaleProvider(), resources, log: createSilentLog() });

const TOP = ['endpoint', 'username', 'password', 'password_file', 'password_secret', 'insecure', 'ca_cert_file', 'timeout_seconds'];
const STORE = ['type', 'path', 'url', 'tenant', 'credentials_file', 'insecure', 'ca_cert_file'];

/** Strings that stress parsers, paths and URL handling. */
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('h', 't', 'p', 's', ':', '/', '@', '[', ']', '%', '?', '#', ' ', '\n', '\u0000', '"', '\\', 'é', '😀', '.', '0', '8') }),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  fc.webUrl().map((u) => u.replace(/^https?/, 'https')),
  fc.constantFrom('', ' ', 'https://', 'https://:0', 'https://[::1]:65536', 'https://a:b@c', 'file:///etc/passwd', '/dev/null', '/nonexistent/x', '.', '..'),
);

/** Numbers as Terraform can send them: any double, exact big decimals, integers near the limits. */
const anyNumber: fc.Arbitrary<TfValue> = fc.oneof(
  fc.integer({ min: -10_000, max: 10_000 }),
  fc.double({ noNaN: true }),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((b) => new BigNumberValue(b.toString())),
  fc.constantFrom<TfValue>(0, 1, 3600, 3601, -1, 0.5, 1e300, -0, new BigNumberValue('3600.0000000000000000001'), new BigNumberValue('1e400')),
);

const maybe = <T extends TfValue>(arb: fc.Arbitrary<T>): fc.Arbitrary<TfValue> =>
  fc.oneof({ weight: 5, arbitrary: arb as fc.Arbitrary<TfValue> }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(UNKNOWN) });

const secretStoreBlock: fc.Arbitrary<TfValue> = fc.oneof(
  fc.constant(null),
  fc.constant(UNKNOWN),
  fc.record({
    type: maybe(fc.oneof(fc.constantFrom('file', 'dap', 'vault', 'FILE', ''), anyString)),
    path: maybe(anyString),
    url: maybe(anyString),
    tenant: maybe(anyString),
    credentials_file: maybe(anyString),
    insecure: maybe(fc.boolean()),
    ca_cert_file: maybe(anyString),
  }),
);

const providerConfig: fc.Arbitrary<TfObject> = fc.record({
  endpoint: maybe(anyString),
  username: maybe(anyString),
  password: maybe(anyString),
  password_file: maybe(anyString),
  password_secret: maybe(anyString),
  insecure: maybe(fc.boolean()),
  ca_cert_file: maybe(anyString),
  timeout_seconds: maybe(anyNumber),
  secret_store: secretStoreBlock,
});

/** A config with the fewest problems, so that a property can vary one attribute at a time. */
const baseline: TfObject = providerBlock({ endpoint: 'https://cluster.example.com:8080', username: 'admin', password: 'baseline-password' });

function pathOk(path: AttributePath | undefined): boolean {
  if (path === undefined) return true;
  const [head, second, ...rest] = path;
  if (!head || !('attribute' in head) || rest.length > 0) return false;
  if (second === undefined) return TOP.includes(head.attribute) || head.attribute === 'secret_store';
  return head.attribute === 'secret_store' && 'attribute' in second && STORE.includes(second.attribute);
}

function checkWellFormed(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    expect(d.summary.trim()).not.toBe('');
    expect(d.detail.trim()).not.toBe('');
    expect(d.summary).not.toMatch(/Unexpected Provider Error|Provider bug/i);
    expect(pathOk(d.attribute), `diagnostic path ${JSON.stringify(d.attribute)} is not an attribute of the provider`).toBe(true);
  }
}

const at = (diagnostics: Diagnostic[], ...path: string[]) => diagnostics.filter((d) => d.severity === 'error' && JSON.stringify(d.attribute) === JSON.stringify(path.map((attribute) => ({ attribute }))));

describe('provider configuration validation on arbitrary input', () => {
  it('always answers with well-formed diagnostics that point at real attributes, never an unexpected error', async () => {
    await fc.assert(
      fc.asyncProperty(providerConfig, async (config) => {
        checkWellFormed(await server.validateProviderConfig(config));
      }),
      { numRuns: 600 },
    );
  });

  it('flags timeout_seconds at the attribute exactly when it is not a whole number from 1 to 3600', async () => {
    await fc.assert(
      fc.asyncProperty(anyNumber, async (n) => {
        const diagnostics = await server.validateProviderConfig({ ...baseline, timeout_seconds: n });
        checkWellFormed(diagnostics);
        // Exact: a big decimal is whole only when its text has no fraction and no exponent.
        const whole = n instanceof BigNumberValue ? (/^-?\d+$/.test(n.decimal) ? BigInt(n.decimal) : undefined) : Number.isInteger(n) ? BigInt(n as number) : undefined;
        const valid = whole !== undefined && whole >= 1n && whole <= 3600n;
        expect(at(diagnostics, 'timeout_seconds').length > 0).toBe(!valid);
        if (!valid) expect(at(diagnostics, 'timeout_seconds')[0]?.detail).toMatch(/1 to 3600/);
      }),
      { numRuns: 500 },
    );
  });

  it('flags any endpoint that is not https://host[:port] at the endpoint attribute, and accepts every one that is', async () => {
    const good = fc
      .tuple(fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
      .map(([host, port]) => `https://${host}${port === undefined ? '' : `:${port}`}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyString, good), async (endpoint) => {
        const diagnostics = await server.validateProviderConfig({ ...baseline, endpoint });
        checkWellFormed(diagnostics);
        const flagged = at(diagnostics, 'endpoint').length > 0;
        if (!/^https:\/\//i.test(endpoint.trim())) expect(flagged, endpoint).toBe(true);
        if (/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(endpoint) && !/:(0+|\d{6,}|6553[6-9]|655[4-9]\d|65[6-9]\d\d|6[6-9]\d{3}|[7-9]\d{4})$/.test(endpoint) && !/^https:\/\/[^/]*\.\./.test(endpoint)) {
          expect(flagged, endpoint).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('flags a missing, unreadable or oddly named password file at password_file and never throws on odd paths', async () => {
    await fc.assert(
      fc.asyncProperty(anyString.filter((p) => p !== '' && !['/dev/null', '.', '..'].includes(p)), async (path) => {
        const diagnostics = await server.validateProviderConfig({ ...baseline, password: null, password_file: path });
        checkWellFormed(diagnostics);
        // Generated paths never name an existing owner-only regular file.
        expect(at(diagnostics, 'password_file')).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it('asks for exactly one password source, pointing at the second one when several are set', async () => {
    const source = fc.option(fc.string({ minLength: 1 }), { nil: null });
    await fc.assert(
      fc.asyncProperty(source, source, source, async (password, passwordFile, passwordSecret) => {
        const diagnostics = await server.validateProviderConfig({ ...baseline, password, password_file: passwordFile, password_secret: passwordSecret });
        checkWellFormed(diagnostics);
        const count = [password, passwordFile, passwordSecret].filter((v) => v !== null).length;
        const conflict = diagnostics.filter((d) => /Conflicting Password Sources/.test(d.summary));
        const missing = diagnostics.filter((d) => /Missing Cluster Password/.test(d.summary));
        expect(conflict.length).toBe(count > 1 ? 1 : 0);
        expect(missing.length).toBe(count === 0 ? 1 : 0);
        if (count > 1) expect(pathOk(conflict[0]?.attribute) && conflict[0]?.attribute?.length === 1).toBe(true);
      }),
    );
  });

  it('never repeats the password, or credentials written into the endpoint URL, in any diagnostic', async () => {
    const canary = fc.string({ unit: 'grapheme', minLength: 6, maxLength: 20 }).map((s) => `Cn4ry${s}`);
    await fc.assert(
      fc.asyncProperty(providerConfig, canary, fc.boolean(), async (config, secret, inUrl) => {
        const endpoint = inUrl ? `https://admin:${secret}@cluster.example.com:8080` : config.endpoint;
        const diagnostics = await server.validateProviderConfig({ ...config, password: secret, endpoint: endpoint ?? null });
        checkWellFormed(diagnostics);
        for (const d of diagnostics) {
          expect(d.summary + d.detail).not.toContain(secret);
          expect(d.summary + d.detail).not.toContain(encodeURIComponent(secret));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('provider validation found by these properties', () => {
  it('refuses a timeout_seconds with a fraction too small for a double, instead of rounding it into range', async () => {
    const diagnostics = await server.validateProviderConfig({ ...baseline, timeout_seconds: new BigNumberValue('3600.0000000000000000001') });
    expect(at(diagnostics, 'timeout_seconds')).toHaveLength(1);
  });
});
