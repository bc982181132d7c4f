/**
 * The `powerscale` provider block: schema, plan-time validation and configure. Validation reads
 * file metadata only (`stat`), never the network; configure builds lazy clients (`./clients`),
 * so nothing logs in until a resource needs the cluster.
 */
import { isPapiError } from '../papi/errors';
import { defaultStoreInAutomationProblem, secretStoreConfigWarnings, validateSecretStoreConfig, type SecretStoreConfig } from '../secrets/config';
import { isSecretStoreError } from '../secrets/errors';
import { checkOwnerOnlyFileSync } from '../secrets/owner-only';
import { createClients, type ClientFactories, type PasswordSource } from './clients';
import { isUnknown, type UnknownValue } from './framework/contract';
import { DiagnosticError, type Problem } from './framework/diagnostics';
import { pemBundleProblem } from './pem-file';
import { defineProvider, type ProviderDefinition } from './framework/provider';
import type { ObjectSchemaSpec } from './framework/schema';
import { intBetween, lengthBetween, oneOf } from './framework/validators';
import type { Planned } from './framework/values';

/** The `secret_store` block in camelCase (null attributes: unset). */
export interface SecretStoreBlockModel {
  type: string | null;
  path: string | null;
  url: string | null;
  tenant: string | null;
  credentialsFile: string | null;
  insecure: boolean | null;
  caCertFile: string | null;
}

/** The provider block in camelCase. */
export interface ProviderConfigModel {
  endpoint: string | null;
  username: string | null;
  password: string | null;
  passwordFile: string | null;
  passwordSecret: string | null;
  insecure: boolean | null;
  caCertFile: string | null;
  timeoutSeconds: number | null;
  secretStore: SecretStoreBlockModel | null;
}

/** PAPI's port when the endpoint names none. */
export const DEFAULT_PORT = 8080;

/** Per-request time limit when `timeout_seconds` is unset. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

export const providerSchema: ObjectSchemaSpec<ProviderConfigModel> = {
  description: 'Dell PowerScale (OneFS) clusters through the OneFS Platform API, with S3 secrets kept in a secret store.',
  attributes: {
    endpoint: { type: 'string', required: true, description: 'HTTPS URL of the cluster, `https://host[:port]`; the port defaults to 8080.' },
    username: { type: 'string', required: true, description: 'OneFS user that logs in to the Platform API.', validators: [lengthBetween(1, 255)] },
    password: { type: 'string', optional: true, sensitive: true, description: "The user's password. Set exactly one of `password`, `password_file`, `password_secret`." },
    passwordFile: { type: 'string', optional: true, description: 'A file holding the password (one trailing newline is ignored); it must be readable only by its owner (mode 0600).' },
    passwordSecret: { type: 'string', optional: true, description: 'The name of a secret in the configured secret store that holds the password.' },
    insecure: { type: 'bool', optional: true, description: "Skip verification of the cluster's TLS certificate (labs only). Default false." },
    caCertFile: { type: 'string', optional: true, description: "A PEM file of CA certificates that sign the cluster's certificate; they are trusted in place of Node's built-in root CAs. Without it, the built-in roots are." },
    timeoutSeconds: { type: 'number', optional: true, description: `Time limit of one request, in seconds (1-3600). Default ${DEFAULT_TIMEOUT_SECONDS}.`, validators: [intBetween(1, 3600)] },
  },
  blocks: {
    secretStore: {
      nesting: 'single',
      description: 'Where minted S3 secrets (and `password_secret`) live. Without this block, a local file store (mode 0600) is used.',
      attributes: {
        type: { type: 'string', required: true, description: '`file` or `dap`.', validators: [oneOf('file', 'dap')] },
        path: { type: 'string', optional: true, description: 'File store: the JSON file. Default `~/.local/share/cdktf-powerscale/secrets.json`.' },
        url: { type: 'string', optional: true, description: 'DAP: HTTPS base URL of the orchestrator.' },
        tenant: { type: 'string', optional: true, description: 'DAP: the tenant. Default `default_tenant`.' },
        credentialsFile: { type: 'string', optional: true, description: 'DAP: a JSON file (mode 0600) with `{"token": "..."}` or `{"username": "...", "password": "..."}`.' },
        insecure: { type: 'bool', optional: true, description: "DAP: skip verification of the orchestrator's TLS certificate. Default false." },
        caCertFile: { type: 'string', optional: true, description: "DAP: a PEM file of CA certificates that sign the orchestrator's certificate; they are trusted in place of Node's built-in root CAs." },
      },
    },
  },
};

type Value<T> = T | null | UnknownValue;

function known<T>(v: Value<T> | undefined): v is T {
  return v !== null && v !== undefined && !isUnknown(v);
}

/**
 * Why `endpoint` is not `https://host[:port]`, or undefined. Messages never repeat the value: a
 * mistyped endpoint may carry credentials (`https://user:pw@host`).
 */
export function endpointProblem(endpoint: string): string | undefined {
  const text = endpoint.trim();
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^/:?#]*):(\d*)(?:[/?#]|$)/i.exec(text)?.[1];
  if (port !== undefined && (port === '' || Number(port) < 1 || Number(port) > 65535)) {
    return `The port ${port === '' ? '(empty)' : port} is out of range: use 1-65535, or leave it out for ${DEFAULT_PORT}.`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Expected an https URL such as https://cluster.example.com:8080.';
  }
  if (url.protocol !== 'https:') return `Expected an https URL (the Platform API is served over TLS only), got scheme "${url.protocol.replace(/:$/, '')}".`;
  if (url.username !== '' || url.password !== '') return 'The URL must not contain credentials; use username and password_file instead.';
  if (url.hostname === '') return 'The URL has no host.';
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') return 'The URL must be https://host[:port] with no path, query or fragment.';
  return undefined;
}

const PASSWORD_ATTRIBUTES = [
  ['password', 'password'],
  ['passwordFile', 'password_file'],
  ['passwordSecret', 'password_secret'],
] as const;

function secretStoreConfig(block: SecretStoreBlockModel | null): SecretStoreConfig | undefined {
  if (block === null) return undefined;
  const out: SecretStoreConfig = {};
  if (block.type === 'file' || block.type === 'dap') out.type = block.type;
  if (block.path !== null) out.path = block.path;
  if (block.url !== null) out.url = block.url;
  if (block.tenant !== null) out.tenant = block.tenant;
  if (block.credentialsFile !== null) out.credentialsFile = block.credentialsFile;
  if (block.insecure !== null) out.insecure = block.insecure;
  if (block.caCertFile !== null) out.caCertFile = block.caCertFile;
  return out;
}

/**
 * Cross-attribute and file checks of the provider block; skips whatever is not known yet. `env` is
 * read for the automation flags only (see runsInAutomation).
 */
export function validateProviderConfig(config: Planned<ProviderConfigModel>, env: NodeJS.ProcessEnv = process.env): Problem[] {
  const problems: Problem[] = [];
  if (known(config.endpoint)) {
    const problem = endpointProblem(config.endpoint);
    if (problem) problems.push({ summary: 'Invalid Endpoint', detail: `Attribute endpoint: ${problem}`, attribute: 'endpoint' });
  }

  const set = PASSWORD_ATTRIBUTES.filter(([key]) => known(config[key]));
  const unknownCount = PASSWORD_ATTRIBUTES.filter(([key]) => isUnknown(config[key])).length;
  if (set.length > 1) {
    const second = set[1];
    problems.push({
      summary: 'Conflicting Password Sources',
      detail: `Set exactly one of password, password_file and password_secret; this configuration sets ${set.map(([, name]) => name).join(' and ')}.`,
      ...(second ? { attribute: second[0] } : {}),
    });
  } else if (set.length === 0 && unknownCount === 0) {
    problems.push({
      summary: 'Missing Cluster Password',
      detail: 'Set exactly one of password, password_file (a file readable only by its owner) or password_secret (a secret in the secret store). Credentials are never read from environment variables.',
    });
  }
  if (known(config.password) && config.password === '') problems.push({ summary: 'Empty Cluster Password', detail: 'Attribute password must not be empty.', attribute: 'password' });
  if (known(config.passwordFile)) {
    const problem = checkOwnerOnlyFileSync(config.passwordFile);
    if (problem) problems.push({ summary: 'Unusable Password File', detail: `Attribute password_file: ${problem}.`, attribute: 'passwordFile' });
  }
  if (known(config.passwordSecret) && config.passwordSecret.trim() === '') {
    problems.push({ summary: 'Invalid Password Secret', detail: 'Attribute password_secret must name a secret.', attribute: 'passwordSecret' });
  }
  if (known(config.caCertFile)) {
    const problem = pemBundleProblem(config.caCertFile);
    if (problem) problems.push({ summary: 'Unusable CA Certificate File', detail: `Attribute ca_cert_file: ${problem}.`, attribute: 'caCertFile' });
    if (config.insecure === true) {
      problems.push({ summary: 'Conflicting TLS Settings', detail: 'insecure = true turns verification off, so ca_cert_file would be ignored; set one of them.', attribute: 'insecure' });
    }
  }

  const block = config.secretStore;
  if (!isUnknown(block)) {
    const attrs = block === null ? [] : Object.values(block);
    if (!attrs.some(isUnknown)) {
      const store = block as SecretStoreBlockModel | null;
      const storeConfig = secretStoreConfig(store);
      const found = validateSecretStoreConfig(storeConfig);
      // An empty path would only fail at the first write, after a key was minted.
      if (store?.path !== null && store?.path !== undefined && store.path.trim() === '') {
        found.push({ attribute: 'path', message: 'path is empty; leave it out for the default file, or name the store file' });
      }
      if (store?.caCertFile !== null && store?.caCertFile !== undefined && !found.some((p) => p.attribute === 'ca_cert_file')) {
        const problem = pemBundleProblem(store.caCertFile);
        if (problem) found.push({ attribute: 'ca_cert_file', message: problem });
      }
      for (const p of found) {
        // The store reports HCL names; resolved against the block so Terraform points at the line.
        problems.push({ summary: 'Invalid Secret Store', detail: `secret_store: ${p.message}.`, ...(block === null ? {} : { attribute: `secretStore.${p.attribute}` }) });
      }
      for (const p of secretStoreConfigWarnings(storeConfig)) {
        problems.push({ severity: 'warning', summary: 'Secret Store File Inside a Git Work Tree', detail: `secret_store: ${p.message}.`, attribute: `secretStore.${p.attribute}` });
      }
      const automation = store === null ? defaultStoreInAutomationProblem(env) : undefined;
      if (automation !== undefined) problems.push({ severity: 'warning', summary: 'Default Plaintext Secret Store in Automation', detail: automation });
    }
  }
  return problems;
}

function passwordSource(config: ProviderConfigModel): PasswordSource {
  if (config.password !== null) return { kind: 'inline', value: config.password };
  if (config.passwordFile !== null) return { kind: 'file', path: config.passwordFile };
  if (config.passwordSecret !== null) return { kind: 'secret', key: config.passwordSecret };
  throw new DiagnosticError({ summary: 'Missing Cluster Password', detail: 'Set exactly one of password, password_file or password_secret.' });
}

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|TLS|SSL|HOSTNAME/;

/** What a person can do about a PAPI failure, by status or transport code. */
function papiAdvice(status: number, code: string | undefined, name: string): string {
  if (name === 'PapiAuthenticationError' || (status === 401 && code === undefined)) {
    return 'The cluster refused the login: check username and the password source (password, password_file or password_secret), that the account is enabled, and that it has not reached its concurrent-session limit.';
  }
  if (status === 401) return 'The session was refused even after logging in again. Check that the user may use the Platform API.';
  if (status === 403) return 'The user is not allowed to do this: grant it the needed OneFS RBAC privilege, or check the license.';
  if (status === 404) return 'The cluster has no such object or API path. Check the name and that this OneFS version supports the feature.';
  if (status === 409) return 'The object is in a conflicting state on the cluster. Inspect it, then run apply again.';
  if (status >= 500) return 'The cluster failed or is busy; retries were exhausted. Try again later, or check the cluster health.';
  if (status >= 400) return 'The cluster rejected the request; the message above says which value.';
  if (code === 'TIMEOUT') return 'The cluster did not answer in time. Check the network, or raise timeout_seconds.';
  if (code === 'ABORTED') return 'The operation was cancelled.';
  if (code === 'CA_CERT_UNREADABLE' || code === 'CA_CERT_INVALID') return 'Fix ca_cert_file: it must be a readable PEM file of CA certificates.';
  if (code !== undefined && TLS_CODE.test(code)) return "Set ca_cert_file to the CA that signs the cluster's certificate, or insecure = true in a lab.";
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return 'Check endpoint (host and port 8080 unless another is given) and that the cluster is reachable from here.';
  }
  return 'Check endpoint and the network, then run the command again.';
}

/**
 * The detail of a diagnostic for an error from the PAPI client or the secret store: what failed
 * (method, path, status, AEC code, message) and what to do. Undefined for other errors.
 */
export function describeClientError(error: unknown): string | undefined {
  if (isPapiError(error)) {
    const outcome = error.status === 0 ? `no response${error.code ? ` (${error.code})` : ''}` : `HTTP ${error.status}${error.code ? ` ${error.code}` : ''}`;
    return `${error.method} ${error.path} failed: ${outcome}: ${error.message}\n\n${papiAdvice(error.status, error.code, error.name)}`;
  }
  if (isSecretStoreError(error)) {
    const where = error.method && error.path ? ` (${error.method} ${error.path})` : '';
    const key = error.key ? ` of secret ${JSON.stringify(error.key)}` : '';
    const status = error.status === undefined ? '' : `HTTP ${error.status} `;
    const advice =
      error.errorCode === 'unauthorized_error' || error.status === 401
        ? 'Check the credentials_file of secret_store.'
        : error.retryable
          ? 'The secret store is unavailable; try again later.'
          : 'Check the secret_store block and the store itself.';
    return `Secret store (${error.backend}) ${error.operation}${key} failed${where}: ${status}${error.errorCode}: ${error.message}\n\n${advice}`;
  }
  return undefined;
}

/**
 * The provider definition. `factories` is a seam for tests (in-process simulator instead of real
 * HTTPS); the provider binary uses the defaults.
 */
export function createPowerScaleProvider(factories?: ClientFactories): ProviderDefinition {
  return defineProvider<ProviderConfigModel>({
    schema: providerSchema,
    validate: ({ config }) => validateProviderConfig(config),
    configure({ config, log }) {
      if (config.password !== null) log.addSecret(config.password);
      return createClients(
        {
          endpoint: (config.endpoint ?? '').trim(),
          username: config.username ?? '',
          password: passwordSource(config),
          insecure: config.insecure ?? false,
          caCertFile: config.caCertFile ?? undefined,
          timeoutSeconds: config.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          secretStore: secretStoreConfig(config.secretStore),
        },
        log,
        factories,
      );
    },
    describeError: describeClientError,
  });
}
