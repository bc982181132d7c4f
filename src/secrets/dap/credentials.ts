import { readOwnerOnlyFile } from '../owner-only';

/** Decoded DAP credentials: exactly one of a token or a username/password pair. */
export type DapCredentials = { kind: 'token'; token: string } | { kind: 'basic'; username: string; password: string };

/**
 * Reads a DAP credentials file: JSON `{"token": "..."}` or `{"username": "...", "password": "..."}`,
 * readable only by its owner. This is the only way credentials reach the DAP backend (never env
 * vars or arguments).
 * @throws {Error} naming the file and what is wrong with it, never its content.
 */
export async function readDapCredentialsFile(path: string): Promise<DapCredentials> {
  return decodeDapCredentials(await readOwnerOnlyFile(path), path);
}

/** Decodes the file's text. Exported for tests; messages name fields, never their values. */
export function decodeDapCredentials(text: string, path: string): DapCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON; expected {"token": "..."} or {"username": "...", "password": "..."}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} must hold a JSON object: {"token": "..."} or {"username": "...", "password": "..."}`);
  }
  const fields = parsed as Record<string, unknown>;
  const unknownFields = Object.keys(fields).filter((k) => k !== 'token' && k !== 'username' && k !== 'password');
  if (unknownFields.length > 0) throw new Error(`${path} has unknown fields: ${unknownFields.join(', ')} (allowed: token, or username and password)`);
  const hasToken = fields.token !== undefined;
  const hasBasic = fields.username !== undefined || fields.password !== undefined;
  if (hasToken && hasBasic) throw new Error(`${path} holds both a token and a username/password; keep exactly one`);
  if (hasToken) {
    if (typeof fields.token !== 'string' || fields.token === '') throw new Error(`${path}: "token" must be a non-empty string`);
    if (/[\r\n]/.test(fields.token)) throw new Error(`${path}: "token" must be one line`);
    return { kind: 'token', token: fields.token };
  }
  if (!hasBasic) throw new Error(`${path} holds no credentials: expected {"token": "..."} or {"username": "...", "password": "..."}`);
  if (typeof fields.username !== 'string' || fields.username === '' || fields.username.includes(':')) {
    throw new Error(`${path}: "username" must be a non-empty string without ":"`);
  }
  if (typeof fields.password !== 'string' || fields.password === '') throw new Error(`${path}: "password" must be a non-empty string`);
  return { kind: 'basic', username: fields.username, password: fields.password };
}

/** The authentication headers for these credentials. */
export function authHeaders(credentials: DapCredentials): Record<string, string> {
  if (credentials.kind === 'token') return { 'Authentication-Token': credentials.token };
  return { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}` };
}
