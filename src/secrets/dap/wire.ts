/**
 * Decoding of Cloudify/DAP secrets API bodies (snake_case stays in this file and the simulator).
 * Every body is `unknown` until checked here.
 */

/** The error envelope `{message, error_code, server_traceback}`; `detail` is an older spelling. */
export interface DapErrorBody {
  message: string;
  errorCode: string | undefined;
}

/**
 * Reads an error body. The server traceback is dropped (long, and it may quote request data); a
 * body that is not the envelope (a proxy's HTML page) yields an empty message and no code.
 */
export function decodeErrorBody(body: unknown): DapErrorBody {
  if (typeof body !== 'object' || body === null) return { message: '', errorCode: undefined };
  const fields = body as Record<string, unknown>;
  const raw = typeof fields.message === 'string' ? fields.message : typeof fields.detail === 'string' ? fields.detail : '';
  const errorCode = typeof fields.error_code === 'string' ? fields.error_code : undefined;
  return { message: raw, errorCode };
}

/** A single secret as GET returns it; the value is a string or absent/hidden. */
export interface DapSecretBody {
  value: string | undefined;
  isHiddenValue: boolean;
}

/**
 * Reads a Secret body. `value` may be `""` (upstream) or `null` (dapcli's docs) when hidden from the
 * caller; a non-string JSON value (a secret stored with a schema) is returned as its JSON text.
 * @returns undefined when the body is not a Secret at all.
 */
export function decodeSecretBody(body: unknown): DapSecretBody | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  if (typeof fields.key !== 'string') return undefined;
  const isHiddenValue = fields.is_hidden_value === true;
  const v = fields.value;
  const value = typeof v === 'string' ? v : v === null || v === undefined ? undefined : JSON.stringify(v);
  return { value, isHiddenValue };
}

/** What a write's answer says about the secret's protection; its `value` (ciphertext on 4.3+) is never read. */
export interface DapWriteAnswer {
  /** Absent: the manager predates visibility (4.3). */
  visibility: string | undefined;
  /** Absent: the manager predates hidden values (4.4). */
  isHiddenValue: boolean | undefined;
}

/** Reads the protection fields of a PUT/PATCH answer; a body that is not an object has neither. */
export function decodeWriteAnswer(body: unknown): DapWriteAnswer {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { visibility: undefined, isHiddenValue: undefined };
  const fields = body as Record<string, unknown>;
  return {
    visibility: typeof fields.visibility === 'string' ? fields.visibility : undefined,
    isHiddenValue: typeof fields.is_hidden_value === 'boolean' ? fields.is_hidden_value : undefined,
  };
}
