import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNKNOWN, type TfObject } from './framework/contract';
import { createFrameworkServer } from './framework/server';
import { PapiError } from '../papi/errors';
import { SecretStoreError } from '../secrets/errors';
import { createSimulatorTls } from '../simulator/tls';
import { createPowerScaleProvider, describeClientError, endpointProblem, validateProviderConfig, type ProviderConfigModel } from './provider';
import { providerConfig } from './testing/provider-config';

const dir = mkdtempSync(join(tmpdir(), 'provider-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

const base: TfObject = providerConfig({ endpoint: 'https://cluster.example.com:8080', username: 'admin', password: 'pw-canary' });

async function validate(overrides: TfObject) {
  const server = createFrameworkServer({ provider: createPowerScaleProvider(), resources: [] });
  return server.validateProviderConfig({ ...base, ...overrides });
}

describe('provider configuration', () => {
  it('accepts a minimal configuration', async () => {
    expect(await validate({})).toEqual([]);
  });

  it.each([
    ['http://cluster:8080', /https/],
    ['https://cluster:70000', /port 70000 is out of range/],
    ['https://cluster:0', /port 0 is out of range/],
    ['https://user:pw@cluster', /credentials/],
    ['https://cluster:8080/platform', /no path/],
    ['not a url', /https URL/],
  ])('rejects endpoint %s with a diagnostic on endpoint', async (endpoint, message) => {
    const diags = await validate({ endpoint });
    expect(diags).toHaveLength(1);
    expect(diags[0]?.attribute).toEqual([{ attribute: 'endpoint' }]);
    expect(diags[0]?.detail).toMatch(message);
    expect(diags[0]?.detail).toContain('endpoint');
  });

  it('never repeats credentials from a mistyped endpoint', async () => {
    const diags = await validate({ endpoint: 'https://admin:s3cr3t-pw@cluster:8080' });
    expect(JSON.stringify(diags)).not.toContain('s3cr3t-pw');
  });

  it('rejects two password sources, pointing at the second', async () => {
    const diags = await validate({ password_secret: 'cluster-pw' });
    expect(diags.map((d) => d.summary)).toEqual(['Conflicting Password Sources']);
    expect(diags[0]?.attribute).toEqual([{ attribute: 'password_secret' }]);
    expect(diags[0]?.detail).toContain('password and password_secret');
  });

  it('requires a password source', async () => {
    expect((await validate({ password: null })).map((d) => d.summary)).toEqual(['Missing Cluster Password']);
  });

  it('waits for unknown password sources before calling them missing', async () => {
    expect(await validate({ password: null, password_file: UNKNOWN })).toEqual([]);
  });

  it('refuses a password file that others can read, naming password_file', async () => {
    const path = file('pw-open', 'x', 0o644);
    const diags = await validate({ password: null, password_file: path });
    expect(diags).toHaveLength(1);
    expect(diags[0]?.attribute).toEqual([{ attribute: 'password_file' }]);
    expect(diags[0]?.detail).toMatch(/0644.*chmod 600/);
  });

  it('accepts an owner-only password file', async () => {
    expect(await validate({ password: null, password_file: file('pw-ok', 'x', 0o600) })).toEqual([]);
  });

  it('reports a missing password file', async () => {
    const diags = await validate({ password: null, password_file: join(dir, 'absent') });
    expect(diags[0]?.detail).toMatch(/does not exist/);
  });

  it('rejects timeout_seconds out of range, naming it', async () => {
    const diags = await validate({ timeout_seconds: 0 });
    expect(diags[0]?.attribute).toEqual([{ attribute: 'timeout_seconds' }]);
    expect(diags[0]?.detail).toContain('timeout_seconds');
  });

  it('rejects a missing ca_cert_file and a ca_cert_file combined with insecure', async () => {
    const missing = await validate({ ca_cert_file: join(dir, 'nope.pem') });
    expect(missing[0]?.attribute).toEqual([{ attribute: 'ca_cert_file' }]);
    const both = await validate({ ca_cert_file: file('ca.pem', createSimulatorTls().caPem, 0o644), insecure: true });
    expect(both.map((d) => d.attribute)).toEqual([[{ attribute: 'insecure' }]]);
  });

  it.each([
    ['a file without PEM certificates', 'not a certificate\n', /holds no PEM certificate/],
    ['a PEM block that is not a certificate', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', /certificate 1 in .* cannot be parsed/],
  ])('rejects a ca_cert_file that is %s, at validate', async (_what, content, message) => {
    const path = file(`bad-${String(content.length)}.pem`, content, 0o644);
    const diags = await validate({ ca_cert_file: path });
    expect(diags.map((d) => d.attribute)).toEqual([[{ attribute: 'ca_cert_file' }]]);
    expect(diags[0]?.detail).toMatch(message);
    const store = { type: 'dap', path: null, url: 'https://dap', tenant: null, credentials_file: file('dap.json', '{"token":"t"}', 0o600), insecure: null, ca_cert_file: path };
    const inStore = await validate({ secret_store: store });
    expect(inStore.map((d) => d.attribute)).toEqual([[{ attribute: 'secret_store' }, { attribute: 'ca_cert_file' }]]);
  });

  it('rejects an empty file store path at validate, before anything is minted', async () => {
    const store = { type: 'file', path: '', url: null, tenant: null, credentials_file: null, insecure: null, ca_cert_file: null };
    const diags = await validate({ secret_store: store });
    expect(diags.map((d) => d.attribute)).toEqual([[{ attribute: 'secret_store' }, { attribute: 'path' }]]);
    expect(diags[0]?.detail).toContain('path is empty');
  });

  it('points secret_store problems at the attribute inside the block', async () => {
    const store = { type: 'dap', path: null, url: 'http://dap', tenant: null, credentials_file: null, insecure: null, ca_cert_file: null };
    const diags = await validate({ secret_store: store });
    expect(diags.map((d) => d.attribute)).toEqual([
      [{ attribute: 'secret_store' }, { attribute: 'url' }],
      [{ attribute: 'secret_store' }, { attribute: 'credentials_file' }],
    ]);
  });

  it('warns (does not fail) when the file store path is inside a git work tree, relative or absolute', async () => {
    const repo = mkdtempSync(join(dir, 'repo-'));
    mkdirSync(join(repo, '.git'));
    const store = (path: string) => ({ type: 'file', path, url: null, tenant: null, credentials_file: null, insecure: null, ca_cert_file: null });
    const absolute = await validate({ secret_store: store(join(repo, 'secrets', 'store.json')) });
    expect(absolute.map((d) => [d.severity, d.summary])).toEqual([['warning', 'Secret Store File Inside a Git Work Tree']]);
    expect(absolute[0]?.attribute).toEqual([{ attribute: 'secret_store' }, { attribute: 'path' }]);
    expect(absolute[0]?.detail).toContain(`inside the git work tree ${repo}`);
    const cwd = process.cwd();
    try {
      process.chdir(repo);
      const relative = await validate({ secret_store: store('secrets.json') });
      expect(relative[0]?.detail).toContain('the relative path resolves against the directory Terraform runs in');
    } finally {
      process.chdir(cwd);
    }
    expect(await validate({ secret_store: store(join(dir, 'outside.json')) })).toEqual([]);
  });

  it('rejects an unknown secret_store type at the type attribute', async () => {
    const store = { type: 'vault', path: null, url: null, tenant: null, credentials_file: null, insecure: null, ca_cert_file: null };
    const diags = await validate({ secret_store: store });
    expect(diags[0]?.attribute).toEqual([{ attribute: 'secret_store' }, { attribute: 'type' }]);
  });

  it('configures without touching the network or any file', async () => {
    const server = createFrameworkServer({ provider: createPowerScaleProvider(), resources: [] });
    const diags = await server.configureProvider({
      terraformVersion: '1.11.4',
      config: { ...base, endpoint: 'https://192.0.2.1:8080', password: null, password_secret: 'pw' },
      clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true },
    });
    expect(diags).toEqual([]);
  });
});

describe('the default store in automation', () => {
  const model: ProviderConfigModel = { endpoint: 'https://cluster.example.com:8080', username: 'admin', password: 'pw-canary', passwordFile: null, passwordSecret: null, insecure: null, caCertFile: null, timeoutSeconds: null, secretStore: null };
  const fileBlock = { type: 'file', path: join(dir, 'kept', 'secrets.json'), url: null, tenant: null, credentialsFile: null, insecure: null, caCertFile: null };

  it.each([{ TF_IN_AUTOMATION: '1' }, { CI: 'true' }])('warns when the provider block has no secret_store and Terraform runs in automation (%o)', (env) => {
    const problems = validateProviderConfig(model, env);
    expect(problems.map((p) => [p.severity, p.summary])).toEqual([['warning', 'Default Plaintext Secret Store in Automation']]);
    expect(problems[0]?.detail).toContain('secret_store { type = "dap" }');
    expect(problems[0]?.detail).toContain('docs/production.md');
    expect(JSON.stringify(problems)).not.toContain('pw-canary');
  });

  it('says nothing on a workstation, with CI set to false, or when the block chooses a store', () => {
    expect(validateProviderConfig(model, {})).toEqual([]);
    expect(validateProviderConfig(model, { CI: 'false', TF_IN_AUTOMATION: '' })).toEqual([]);
    expect(validateProviderConfig({ ...model, secretStore: fileBlock }, { CI: '1' })).toEqual([]);
  });
});

describe('endpointProblem', () => {
  it('accepts https URLs with and without a port', () => {
    expect(endpointProblem('https://cluster')).toBeUndefined();
    expect(endpointProblem('https://10.0.0.1:8080/')).toBeUndefined();
    expect(endpointProblem('https://[fd00::1]:8080')).toBeUndefined();
  });
});

describe('describeClientError', () => {
  it('renders a PAPI error with method, path, status, AEC code, message and advice', () => {
    const detail = describeClientError(new PapiError({ status: 403, code: 'AEC_FORBIDDEN', message: 'Privilege check failed', method: 'GET', path: '/platform/3/cluster/config' }));
    expect(detail).toMatch(/^GET \/platform\/3\/cluster\/config failed: HTTP 403 AEC_FORBIDDEN: Privilege check failed\n\n.*privilege/);
  });

  it('advises on TLS failures', () => {
    const detail = describeClientError(new PapiError({ status: 0, code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'TLS certificate verification failed', method: 'GET', path: '/platform/latest' }));
    expect(detail).toMatch(/ca_cert_file/);
  });

  it('renders a secret store error with its code and key name', () => {
    const detail = describeClientError(new SecretStoreError({ backend: 'dap', operation: 'get', errorCode: 'unauthorized_error', message: 'bad token', status: 401, key: 'pw' }));
    expect(detail).toMatch(/Secret store \(dap\) get of secret "pw" failed: HTTP 401 unauthorized_error: bad token/);
  });

  it('leaves other errors to the provider-bug path', () => {
    expect(describeClientError(new TypeError('x'))).toBeUndefined();
  });
});
