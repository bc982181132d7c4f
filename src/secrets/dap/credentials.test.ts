import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authHeaders, decodeDapCredentials, readDapCredentialsFile } from './credentials';

const CANARY = 'canary-cred-7f1e2d';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dap-creds-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readDapCredentialsFile', () => {
  it('reads a token from an owner-only file', async () => {
    const path = join(dir, 'dap.json');
    writeFileSync(path, JSON.stringify({ token: CANARY }), { mode: 0o600 });
    expect(await readDapCredentialsFile(path)).toEqual({ kind: 'token', token: CANARY });
  });

  it('refuses a file others can read, naming the file and not the content', async () => {
    const path = join(dir, 'dap.json');
    writeFileSync(path, JSON.stringify({ token: CANARY }), { mode: 0o600 });
    chmodSync(path, 0o644);
    const error = await readDapCredentialsFile(path).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('must be readable only by its owner');
    expect((error as Error).message).not.toContain(CANARY);
  });

  it('says when the file is missing', async () => {
    await expect(readDapCredentialsFile(join(dir, 'nope.json'))).rejects.toThrow(/does not exist/);
  });
});

describe('decodeDapCredentials', () => {
  it('reads basic credentials', () => {
    expect(decodeDapCredentials(JSON.stringify({ username: 'u', password: CANARY }), 'f')).toEqual({ kind: 'basic', username: 'u', password: CANARY });
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['[]', 'JSON object'],
    ['{}', 'holds no credentials'],
    [JSON.stringify({ token: CANARY, username: 'u', password: CANARY }), 'both a token'],
    [JSON.stringify({ token: '' }), '"token" must be a non-empty string'],
    [JSON.stringify({ username: 'u' }), '"password" must be'],
    [JSON.stringify({ username: 'a:b', password: CANARY }), 'without ":"'],
    [JSON.stringify({ token: CANARY, tenant: 'x' }), 'unknown fields: tenant'],
  ])('rejects %s with a message that holds no secret', (text, why) => {
    let message = '';
    try {
      decodeDapCredentials(text, '/etc/dap.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(why);
    expect(message).not.toContain(CANARY);
  });
});

describe('authHeaders', () => {
  it('sends a token as Authentication-Token and basic credentials as Authorization', () => {
    expect(authHeaders({ kind: 'token', token: 't' })).toEqual({ 'Authentication-Token': 't' });
    expect(authHeaders({ kind: 'basic', username: 'u', password: 'p' })).toEqual({ Authorization: `Basic ${Buffer.from('u:p').toString('base64')}` });
  });
});
