import ky, { HTTPError, TimeoutError } from 'ky';
import { SecretStoreError, type SecretStoreOperation } from '../errors';
import { silentLogger, type SecretStoreLogger } from '../log';
import { validateSecretName } from '../names';
import type { SecretStore } from '../types';
import { authHeaders, type DapCredentials } from './credentials';
import type { FetchLike } from './http';
import { decodeErrorBody, decodeSecretBody, decodeWriteAnswer } from './wire';

/** Retry policy for idempotent calls. Delays are full-jitter exponential, capped. */
export interface DapRetryOptions {
  /** Retries after the first attempt. @default 3 */
  limit?: number;
  /** First backoff ceiling. @default 250 */
  baseDelayMs?: number;
  /** Largest backoff, and the most a `Retry-After` header may make us wait. @default 3000 */
  maxDelayMs?: number;
}

/** Options of {@link DapSecretStore}; the factory fills them from a `secret_store` block. */
export interface DapSecretStoreOptions {
  /** `https://host[:port]`; a trailing `/api/v3.1` is accepted. */
  url: string;
  /** @default "default_tenant" */
  tenant?: string;
  credentials: DapCredentials;
  /** How requests are sent: undici with our TLS agent in production, msw-patched fetch in tests. */
  fetch: FetchLike;
  /** Releases what `fetch` holds (the undici Agent). */
  closeFetch?: () => Promise<void>;
  /** Per attempt. @default 30000 */
  timeoutMs?: number;
  retry?: DapRetryOptions;
  log?: SecretStoreLogger;
}

const API = '/api/v3.1';
/** Statuses that mean "not processed, try again" from the manager or a proxy in front of it. */
const RETRY_STATUSES = [502, 503, 504];
/** Network failures that retrying cannot fix: certificate problems. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|ALTNAME/;

interface DapResponse {
  status: number;
  body: unknown;
}

/**
 * A {@link SecretStore} over the orchestrator's Cloudify-style secrets REST API (`/api/v3.1/secrets`).
 *
 * Visibility model (issue 23; docs/secrets.md "Who sees the secrets"): secrets are created with
 * `visibility: tenant` and `is_hidden_value: true`. Every member of the tenant sees that a secret
 * exists (a private secret would be a 404 to every identity but its creator and the tenant's
 * administrators, so a second identity would read it as missing and plan a rotation); the value
 * stays readable only by its creator and tenant administrators (`manager` role, or sys admin)
 * [cloudify-manager rest-service/manager_rest/rest/rest_utils.py `is_hidden_value_permitted`;
 * storage/storage_manager.py `_resolve_permissions_filter`].
 *
 * - `createOrUpdate`: `PUT` with `update_if_exists: true` (an upsert: on an existing secret the
 *   manager changes the value only, and lets any member do it, resource_manager.py
 *   `update_secret`). A manager before 4.3 ignores the unknown fields and answers 409 "already
 *   exists": then `PATCH {value}`. A 409 for a JSON-schema failure is an error. The answer's
 *   `visibility`/`is_hidden_value` are checked (never its value, which is the ciphertext on 4.3+):
 *   missing fields mean the manager dropped them (before 4.3/4.4) and are warned about once; a
 *   private secret (written by an earlier release of this provider) is widened to tenant.
 * - `delete`: 204 and 200-with-body are success; 404 `not_found_error` is success (retries converge).
 * - `get`/`exists`: 404 `not_found_error` means absent; a value hidden from this identity is an error
 *   (`value_hidden`), never a silent empty string.
 *
 * Retries: every call here is retried on 502/503/504 and on connection errors, with capped jittered
 * backoff. That is safe for PUT too: the upsert writes the same value again.
 * Errors are {@link SecretStoreError}s with the status and error code of a failed response, never
 * the server's message (it may quote the value, token or password in any encoding).
 */
export class DapSecretStore implements SecretStore {
  readonly #base: string;
  readonly #tenant: string;
  readonly #headers: Record<string, string>;
  readonly #options: DapSecretStoreOptions;
  readonly #log: SecretStoreLogger;
  #warnedDropped = false;

  constructor(options: DapSecretStoreOptions) {
    this.#options = options;
    this.#base = normaliseBaseUrl(options.url);
    this.#tenant = options.tenant ?? 'default_tenant';
    this.#headers = { ...authHeaders(options.credentials), Tenant: this.#tenant, Accept: 'application/json' };
    this.#log = options.log ?? silentLogger;
  }

  async get(key: string, signal?: AbortSignal): Promise<string | undefined> {
    const path = this.#path('get', key);
    const res = await this.#send('get', key, 'GET', path, { signal });
    if (isNotFound(res)) return undefined;
    if (res.status !== 200) throw this.#responseError('get', key, 'GET', path, res);
    const secret = decodeSecretBody(res.body);
    if (!secret) throw this.#error('get', key, 'bad_response', 'the DAP secret store answered GET with a body that is not a secret; check secret_store.url', { method: 'GET', path, status: res.status });
    if (secret.value === undefined || (secret.isHiddenValue && secret.value === '')) {
      throw this.#error('get', key, 'value_hidden', `the secret '${key}' exists but its value is hidden from this identity (is_hidden_value): only the identity that created it and administrators of tenant '${this.#tenant}' (the manager role, or sys_admin) may read it; give the identity in secret_store.credentials_file the manager role in the tenant, or use the identity that applies`, { method: 'GET', path, status: res.status });
    }
    return secret.value;
  }

  async exists(key: string, signal?: AbortSignal): Promise<boolean> {
    const path = this.#path('exists', key);
    // _skip_value: the manager need not decrypt (or send) the value just to say it exists.
    const res = await this.#send('exists', key, 'GET', path, { signal, query: '?_skip_value=true' });
    if (isNotFound(res)) return false;
    if (res.status !== 200) throw this.#responseError('exists', key, 'GET', path, res);
    // A 200 that is not a Secret (a web UI behind a wrong url) must not read as "exists".
    if (!decodeSecretBody(res.body)) throw this.#error('exists', key, 'bad_response', 'the DAP secret store answered GET with a body that is not a secret; check secret_store.url', { method: 'GET', path, status: res.status });
    return true;
  }

  async createOrUpdate(key: string, value: string, signal?: AbortSignal): Promise<void> {
    const path = this.#path('createOrUpdate', key);
    if (typeof value !== 'string' || value === '') {
      // The API silently ignores an empty value on PATCH; refuse it rather than "succeed".
      throw this.#error('createOrUpdate', key, 'bad_value', 'the value must be a non-empty string');
    }
    const res = await this.#send('createOrUpdate', key, 'PUT', path, {
      signal,
      json: { value, update_if_exists: true, is_hidden_value: true, visibility: 'tenant' },
    });
    if (isSuccess(res)) return this.#afterWrite(key, path, res, signal);
    if (isNotFound(res)) {
      // The uniqueness check saw the key, the upsert's lookup did not: a private secret of another
      // identity (resources_v3/secrets.py `SecretsKey.put`; storage_manager.py permission filter).
      throw this.#error('createOrUpdate', key, 'not_visible', `DAP secret store: PUT '${key}' failed with 404 not_found_error: the secret exists in tenant '${this.#tenant}' but is private to another identity; have its creator or a tenant administrator widen it to tenant visibility (PATCH {"visibility": "tenant"}) or delete it`, { method: 'PUT', path, status: res.status });
    }
    return this.#afterCreateConflict(key, value, path, res, signal);
  }

  /** The manager answers and accepts the identity (a GET without the value); no write API is side-effect free. */
  async probeWritable(key: string, signal?: AbortSignal): Promise<void> {
    await this.exists(key, signal);
  }

  async delete(key: string, signal?: AbortSignal): Promise<void> {
    const path = this.#path('delete', key);
    const res = await this.#send('delete', key, 'DELETE', path, { signal });
    if (res.status === 204 || res.status === 200 || isNotFound(res)) return;
    throw this.#responseError('delete', key, 'DELETE', path, res);
  }

  async close(): Promise<void> {
    await this.#options.closeFetch?.();
  }

  /** PUT failed: a 409 that means "exists" (a manager before 4.3 has no upsert) becomes a PATCH; anything else is the error. */
  async #afterCreateConflict(key: string, value: string, path: string, res: DapResponse, signal: AbortSignal | undefined): Promise<void> {
    if (!(await this.#isExistsConflict(key, path, res, signal))) throw this.#responseError('createOrUpdate', key, 'PUT', path, res);
    this.#log('debug', 'secret exists and the manager has no upsert; updating its value', { key });
    const patched = await this.#send('createOrUpdate', key, 'PATCH', path, { signal, json: { value } });
    if (isSuccess(patched)) return;
    throw this.#responseError('createOrUpdate', key, 'PATCH', path, patched);
  }

  /**
   * Checks what a successful PUT says about the secret (never its `value`: on 4.3+ that is the
   * ciphertext). A manager before 4.3 drops `visibility`, before 4.4 `is_hidden_value`: its
   * answer has no such field, and the secret's value is readable by every member of the tenant,
   * which is worth a warning, once. A private secret is widened to tenant visibility (PATCH may
   * widen, never narrow: resource_manager.py `validate_visibility_value`).
   */
  async #afterWrite(key: string, path: string, res: DapResponse, signal: AbortSignal | undefined): Promise<void> {
    const answer = decodeWriteAnswer(res.body);
    const dropped = [answer.visibility === undefined ? 'visibility' : undefined, answer.isHiddenValue === undefined ? 'is_hidden_value' : undefined].filter((f): f is string => f !== undefined);
    if (dropped.length > 0 && !this.#warnedDropped) {
      this.#warnedDropped = true;
      this.#log('warn', `the DAP manager ignored ${dropped.join(' and ')} (it predates manager 4.3/4.4): secrets keep its defaults and their values are readable by every member of the tenant`, { key, tenant: this.#tenant, dropped: dropped.join(',') });
    }
    if (answer.visibility === 'private') {
      this.#log('info', 'widening a private secret to tenant visibility so that every identity of the tenant sees it', { key });
      const widened = await this.#send('createOrUpdate', key, 'PATCH', path, { signal, json: { visibility: 'tenant' } });
      if (!isSuccess(widened)) throw this.#responseError('createOrUpdate', key, 'PATCH', path, widened);
    }
  }

  /**
   * 409 `conflict_error` is overloaded: "already exists" and "value fails the secret's JSON schema".
   * Known wordings decide; an unknown wording is settled by asking whether the key exists.
   */
  async #isExistsConflict(key: string, path: string, res: DapResponse, signal: AbortSignal | undefined): Promise<boolean> {
    if (res.status !== 409) return false;
    const { message, errorCode } = decodeErrorBody(res.body);
    if (errorCode !== undefined && errorCode !== 'conflict_error') return false;
    if (/already exists|cannot be added/i.test(message)) return true;
    if (/validat|schema/i.test(message)) return false;
    return this.exists(key, signal).catch(() => false);
  }

  #path(operation: SecretStoreOperation, key: string): string {
    const problem = validateSecretName(key);
    if (problem) throw this.#error(operation, key, 'invalid_key', problem);
    return `${API}/secrets/${encodeURIComponent(key)}`;
  }

  /**
   * One call with retries. Only 502/503/504 throw inside ky (so that its retry loop sees them);
   * every other status comes back as a response and is interpreted by the caller.
   */
  async #send(operation: SecretStoreOperation, key: string, method: string, path: string, opts: { signal?: AbortSignal; json?: unknown; query?: string }): Promise<DapResponse> {
    const retry = this.#options.retry ?? {};
    const baseDelayMs = retry.baseDelayMs ?? 250;
    const maxDelayMs = retry.maxDelayMs ?? 3000;
    try {
      const response = await ky(`${this.#base}${path}${opts.query ?? ''}`, {
        method,
        headers: this.#headers,
        ...(opts.json !== undefined ? { json: opts.json } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        fetch: this.#options.fetch as unknown as typeof globalThis.fetch,
        timeout: this.#options.timeoutMs ?? 30_000,
        throwHttpErrors: (status) => RETRY_STATUSES.includes(status),
        retry: {
          limit: retry.limit ?? 3,
          methods: ['get', 'put', 'patch', 'delete'],
          statusCodes: RETRY_STATUSES,
          afterStatusCodes: [503],
          maxRetryAfter: maxDelayMs,
          backoffLimit: maxDelayMs,
          delay: (attempt) => baseDelayMs * 2 ** (attempt - 1),
          jitter: true,
          shouldRetry: ({ error }) => {
            if (error instanceof HTTPError) return undefined; // status list decides
            if (error instanceof TimeoutError || error.name === 'AbortError') return false;
            return !TLS_CODES.test(networkCode(error));
          },
        },
        hooks: {
          beforeRetry: [
            ({ error, retryCount }) => {
              this.#log('warn', 'retrying DAP secret store request', {
                key,
                method,
                path,
                attempt: retryCount,
                ...(error instanceof HTTPError ? { status: error.response.status } : { errorCode: networkCode(error) || 'network_error' }),
              });
            },
          ],
        },
      });
      const text = await response.text();
      return { status: response.status, body: parseJson(text) };
    } catch (error) {
      throw await this.#transportError(operation, key, method, path, error, opts.signal);
    }
  }

  /** Turns what ky/undici threw into a SecretStoreError, dropping the original (it holds headers). */
  async #transportError(operation: SecretStoreOperation, key: string, method: string, path: string, error: unknown, signal: AbortSignal | undefined): Promise<Error> {
    if (error instanceof HTTPError) {
      const body = parseJson(await error.response.text().catch(() => ''));
      return this.#responseError(operation, key, method, path, { status: error.response.status, body }, true);
    }
    if (signal?.aborted) return this.#error(operation, key, 'aborted', 'the request was cancelled', { method, path });
    if (error instanceof TimeoutError) {
      return this.#error(operation, key, 'timeout', `the DAP secret store did not answer within ${this.#options.timeoutMs ?? 30_000} ms`, { method, path, retryable: true });
    }
    const code = networkCode(error);
    if (TLS_CODES.test(code)) {
      return this.#error(operation, key, 'tls_error', `TLS verification of the DAP secret store failed (${code}); set secret_store.ca_cert_file to the CA that signed its certificate`, { method, path });
    }
    return this.#error(operation, key, 'network_error', `could not reach the DAP secret store${code ? ` (${code})` : ''}`, { method, path, retryable: true });
  }

  /**
   * The error for an error response: status and `error_code` only, never the server's message.
   * Every request here carries a credential (token or password) and writes carry the value, and a
   * server may quote either in any encoding (base64, URL-encoded, split over lines, cut short), which
   * no redaction of exact strings can be sure to catch (issue 13). The code is a plain identifier
   * (checked), so it cannot smuggle text either; the advice below says what to look at.
   */
  #responseError(operation: SecretStoreOperation, key: string, method: string, path: string, res: DapResponse, retriesExhausted = false): SecretStoreError {
    const { errorCode: rawCode } = decodeErrorBody(res.body);
    const errorCode = rawCode !== undefined && /^[a-z][a-z0-9_]{0,63}$/.test(rawCode) ? rawCode : undefined;
    const code = errorCode ?? (res.status >= 300 && res.status < 400 ? 'unexpected_redirect' : `http_${res.status}`);
    let message = `DAP secret store: ${method} '${key}' failed with ${res.status}${errorCode ? ` ${errorCode}` : ''} (the server's message is not shown: it may quote the secret or the credentials)`;
    if (res.status === 409 && errorCode === 'conflict_error') {
      message += `. The value may not match the JSON schema the secret '${key}' was created with`;
    } else if (res.status === 401) {
      message += `. Check the token or username/password in secret_store.credentials_file and the tenant ('${this.#tenant}')`;
    } else if (res.status === 403 && /hidden value/i.test(decodeErrorBody(res.body).message)) {
      // The wording is only matched, never shown (it names the user and the key only, but the rule holds).
      message += `. Only the identity that created the hidden secret '${key}' and administrators of tenant '${this.#tenant}' (the manager role) may change or delete it; use one of them in secret_store.credentials_file`;
    } else if (res.status === 403) {
      // A real manager answers every tenant problem (unknown tenant, missing header, not a member)
      // with 403 forbidden_error, as well as a missing permission
      // [cloudify-manager rest-service/manager_rest/security/authorization.py `authorize`].
      message += `. Check that tenant '${this.#tenant}' (secret_store.tenant) exists and that the identity in secret_store.credentials_file is a member of it with a role that may manage secrets (user or manager; a viewer may only read)`;
    } else if (res.status === 404 && errorCode === 'not_found_error') {
      // The manager's own "no such secret": the URL is right. A private secret of another identity
      // reads as not found too.
      message += `. The secret '${key}' was not found; if it exists, it may be private to another identity of tenant '${this.#tenant}'`;
    } else if (res.status === 404) {
      message += '. secret_store.url does not look like a DAP/Cloudify API';
    } else if (retriesExhausted) {
      message += ` (after ${(this.#options.retry?.limit ?? 3) + 1} attempts)`;
    }
    return this.#error(operation, key, code, message, { method, path, status: res.status, retryable: RETRY_STATUSES.includes(res.status) });
  }

  #error(operation: SecretStoreOperation, key: string, errorCode: string, message: string, extra: { method?: string; path?: string; status?: number; retryable?: boolean } = {}): SecretStoreError {
    return new SecretStoreError({ backend: 'dap', operation, key, errorCode, message, ...extra });
  }
}

function normaliseBaseUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api\/v3\.1$/, '');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isSuccess(res: DapResponse): boolean {
  return res.status >= 200 && res.status < 300;
}

/** Only Cloudify's own 404 means "no such secret"; a bare 404 is a wrong URL and stays an error. */
function isNotFound(res: DapResponse): boolean {
  return res.status === 404 && decodeErrorBody(res.body).errorCode === 'not_found_error';
}

/** The system error code behind a fetch failure (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`...). */
function networkCode(error: unknown): string {
  // undici wraps the system error: TypeError('fetch failed') -> cause (SocketError or the errno).
  let current: unknown = error;
  let generic = '';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (!code.startsWith('UND_ERR')) return code;
      generic ||= code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return generic;
}
