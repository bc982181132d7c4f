import { describe, expect, it } from 'vitest';
import { PapiDecodeError } from './decode';
import { PapiError } from './errors';
import { deleteS3Key, lookupS3Key, mintS3Key, s3KeyPath } from './s3-keys';
import type { PapiApi } from './types';

const PATH = '/platform/10/protocols/s3/keys/alice';
const SECRET = 'fresh-secret-0123456789';

function notFound(message: string): PapiError {
  return new PapiError({ status: 404, code: 'AEC_NOT_FOUND', message, method: 'GET', path: PATH });
}

/** A PAPI double whose every call answers `answer` (a value, or an error to throw). */
function papiAnswering(answer: unknown): PapiApi & { calls: string[] } {
  const calls: string[] = [];
  const call = async <T>(method: string, path: string): Promise<T> => {
    calls.push(`${method} ${path}`);
    if (answer instanceof Error) throw answer;
    return answer as T;
  };
  return { calls, get: (p) => call('GET', p), post: (p) => call('POST', p), put: (p) => call('PUT', p), delete: (p) => call('DELETE', p), close: async () => {} };
}

const view = { access_id: 'AKID', secret_key_timestamp: 1700000000, old_key_expiry: null, old_key_timestamp: null };

describe('S3 keys over PAPI', () => {
  it('encodes the user as one path segment and refuses . and ..', () => {
    expect(s3KeyPath('svc/a b')).toBe('/platform/10/protocols/s3/keys/svc%2Fa%20b');
    expect(() => s3KeyPath('..')).toThrow(/path segment/);
  });

  it('decodes a key into camelCase, accepting epoch seconds as digit strings', async () => {
    const papi = papiAnswering({ keys: { ...view, secret_key_timestamp: '1700000000', old_key_expiry: 1700000600.7, old_key_timestamp: 1699990000 } });
    expect(await lookupS3Key(papi, 'System', 'alice')).toEqual({ kind: 'key', key: { accessId: 'AKID', secretKeyTimestamp: 1700000000, oldKeyExpiry: 1700000600, oldKeyTimestamp: 1699990000 } });
    expect(papi.calls).toEqual([`GET ${PATH}`]);
  });

  it.each<[string, unknown]>([
    ['an empty keys object', { keys: {} }],
    ['a null access id', { keys: { access_id: null, secret_key_timestamp: null } }],
    ['an empty access id', { keys: { access_id: '' } }],
  ])('reports no key for %s', async (_name, body) => {
    expect(await lookupS3Key(papiAnswering(body), 'System', 'alice')).toEqual({ kind: 'none' });
  });

  it('reports a 404 for the user or zone as gone, but a 404 for the API path as an error', async () => {
    expect(await lookupS3Key(papiAnswering(notFound('Failed to find user for alice')), 'System', 'alice')).toEqual({ kind: 'gone' });
    await expect(lookupS3Key(papiAnswering(notFound('Path not found: /platform/10/protocols/s3/keys/alice')), 'System', 'alice')).rejects.toBeInstanceOf(PapiError);
  });

  it.each<[string, unknown, string]>([
    ['a body without keys', {}, 'keys'],
    ['a keys member that is not an object', { keys: 'x' }, 'keys'],
    ['a numeric access id', { keys: { ...view, access_id: 7 } }, 'keys.access_id'],
    ['a missing timestamp', { keys: { ...view, secret_key_timestamp: null } }, 'keys.secret_key_timestamp'],
    ['a non-numeric old key expiry', { keys: { ...view, old_key_expiry: 'soon' } }, 'keys.old_key_expiry'],
  ])('names the member for %s', async (_name, body, field) => {
    const error = await lookupS3Key(papiAnswering(body), 'System', 'alice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PapiDecodeError);
    expect(error).toMatchObject({ method: 'GET', path: PATH, field });
  });

  it('mints with force and the expiry, handing both secrets to onSecret', async () => {
    const secrets: string[] = [];
    const papi = papiAnswering({ keys: { ...view, secret_key: SECRET, old_secret_key: 'previous-secret' } });
    const minted = await mintS3Key(papi, 'System', 'alice', 5, { onSecret: (s) => secrets.push(s) });
    expect(minted).toEqual({ accessId: 'AKID', secretKeyTimestamp: 1700000000, oldKeyExpiry: null, oldKeyTimestamp: null, secretKey: SECRET });
    expect(secrets).toEqual([SECRET, 'previous-secret']);
    expect(papi.calls).toEqual([`POST ${PATH}`]);
  });

  it('hands the secret to onSecret before failing on a malformed mint response, and the error never carries it', async () => {
    const secrets: string[] = [];
    const error = await mintS3Key(papiAnswering({ keys: { access_id: 'AKID', secret_key: SECRET } }), 'System', 'alice', 0, { onSecret: (s) => secrets.push(s) }).catch((e: unknown) => e);
    expect(secrets).toEqual([SECRET]);
    expect(error).toMatchObject({ method: 'POST', field: 'keys.secret_key_timestamp' });
    expect(JSON.stringify(error) + String(error)).not.toContain(SECRET);
  });

  it('names keys.secret_key when the mint response has no secret', async () => {
    await expect(mintS3Key(papiAnswering({ keys: view }), 'System', 'alice', 0)).rejects.toMatchObject({ field: 'keys.secret_key' });
  });

  it('treats a key, user or zone already gone as a successful delete, and rethrows anything else', async () => {
    await expect(deleteS3Key(papiAnswering(notFound('Failed to find user for alice')), 'System', 'alice')).resolves.toBeUndefined();
    await expect(deleteS3Key(papiAnswering(new PapiError({ status: 500, code: undefined, message: 'boom', method: 'DELETE', path: PATH })), 'System', 'alice')).rejects.toMatchObject({ status: 500 });
  });
});
