import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretStoreError } from './errors';

describe('SecretStoreError', () => {
  const error = new SecretStoreError({ backend: 'dap', operation: 'delete', errorCode: 'forbidden_error', message: 'nope', status: 403, key: 'k1', method: 'DELETE', path: '/api/v3.1/secrets/k1' });

  it('serialises to its plain fields only', () => {
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'SecretStoreError',
      backend: 'dap',
      operation: 'delete',
      errorCode: 'forbidden_error',
      message: 'nope',
      retryable: false,
      status: 403,
      key: 'k1',
      method: 'DELETE',
      path: '/api/v3.1/secrets/k1',
    });
  });

  it('inspects as one line naming operation, key, request and code', () => {
    expect(inspect(error)).toBe("SecretStoreError [dap delete 'k1'] DELETE /api/v3.1/secrets/k1 403 forbidden_error: nope");
  });
});
