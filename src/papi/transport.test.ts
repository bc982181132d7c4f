import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClusterConnection } from './connection';
import { TransportConfigError, classifyFailure, createUndiciTransport } from './transport';

function fetchFailed(code: string | undefined): TypeError {
  const cause = Object.assign(new Error(`connect ${code ?? ''} 10.1.2.3:8080`), code === undefined ? {} : { code });
  return new TypeError('fetch failed', { cause });
}

describe('classifyFailure', () => {
  it.each([
    ['ECONNRESET', true],
    ['UND_ERR_SOCKET', true],
    ['ECONNREFUSED', true],
    ['ETIMEDOUT', true],
    ['EAI_AGAIN', true],
    ['ENOTFOUND', false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', false],
    ['SELF_SIGNED_CERT_IN_CHAIN', false],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', false],
  ])('classifies %s (retryable: %s) without keeping the host', (code, retryable) => {
    const failure = classifyFailure(fetchFailed(code));
    expect(failure).toMatchObject({ code, retryable });
    expect(failure.message).not.toContain('10.1.2.3');
  });

  it('calls an error without a code NETWORK', () => {
    expect(classifyFailure(new TypeError('Failed to fetch'))).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(classifyFailure('weird')).toMatchObject({ code: 'NETWORK' });
  });

  it('ignores a code that is not a symbolic constant', () => {
    expect(classifyFailure(fetchFailed('password=hunter2'))).toMatchObject({ code: 'NETWORK' });
  });
});

describe('createUndiciTransport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papi-transport-'));

  it('fails clearly when the CA bundle is missing', async () => {
    const connection = new ClusterConnection({ host: 'h', username: 'a', password: 'p', caCertFile: join(dir, 'missing.pem') });
    await expect(createUndiciTransport(connection)).rejects.toMatchObject({ name: 'TransportConfigError', code: 'CA_CERT_UNREADABLE' });
  });

  it('fails clearly when the CA bundle holds no certificate', async () => {
    const file = join(dir, 'empty.pem');
    writeFileSync(file, 'not a certificate');
    const connection = new ClusterConnection({ host: 'h', username: 'a', password: 'p', caCertFile: file });
    const error: unknown = await createUndiciTransport(connection).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportConfigError);
    expect(error).toMatchObject({ code: 'CA_CERT_INVALID' });
  });
});
