import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClusterConnection } from './connection';
import { TransportConfigError, classifyFailure, createUndiciTransport, dispatcherFetch } from './transport';

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

describe('dispatcherFetch (Agent#request under ky)', () => {
  let server: Server;
  let origin: string;
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const agent = new Agent({ pipelining: 1 });
  const send = dispatcherFetch(agent);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (req.url === '/moved') {
          res.writeHead(302, { location: '/elsewhere' }).end();
        } else if (req.url === '/empty') {
          res.writeHead(204).end();
        } else {
          res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['isisessid=abc; Secure', 'isicsrf=def; Secure'] }).end('{"ok":true}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await agent.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the method, path, query, headers and body of the Request and answers with a Response', async () => {
    const request = new Request(`${origin}/platform/10/x?zone=System`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'isisessid=1' }, body: '{"a":1}' });
    const response = await send(request, new AbortController().signal);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.getSetCookie()).toEqual(['isisessid=abc; Secure', 'isicsrf=def; Secure']);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/platform/10/x?zone=System', body: '{"a":1}', headers: { 'content-type': 'application/json', cookie: 'isisessid=1' } });
  });

  it('answers with the body it read, whichever way the caller reads it (the bytes are kept, no stream is made up front)', async () => {
    const get = () => send(new Request(`${origin}/doc`), new AbortController().signal);
    const expected = '{"ok":true}';
    expect(await (await get()).text()).toBe(expected);
    expect(await (await get()).json()).toEqual({ ok: true });
    expect(new TextDecoder().decode(await (await get()).arrayBuffer())).toBe(expected);
    expect(await (await (await get()).blob()).text()).toBe(expected);
    const response = await get();
    expect(await response.clone().text()).toBe(expected);
    expect(await new Response(response.body).text()).toBe(expected);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.ok).toBe(true);
  });

  it('does not follow a redirect and gives a bodiless status a null body', async () => {
    const moved = await send(new Request(`${origin}/moved`), new AbortController().signal);
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('/elsewhere');
    expect(seen.some((r) => r.url === '/elsewhere')).toBe(false);
    const empty = await send(new Request(`${origin}/empty`, { method: 'DELETE' }), new AbortController().signal);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('rejects with a classifiable code when the connection is refused, and when the signal aborts', async () => {
    const refused = await send(new Request('http://127.0.0.1:1/x'), new AbortController().signal).catch((e: unknown) => e);
    expect(classifyFailure(refused).code).toBe('ECONNREFUSED');
    const controller = new AbortController();
    controller.abort();
    await expect(send(new Request(`${origin}/x`), controller.signal)).rejects.toBeDefined();
  });
});

describe('createUndiciTransport with a replaced global fetch', () => {
  it('sends through the replacement (as msw installs one in unit tests), with the Agent as dispatcher', async () => {
    const replacement = vi.fn((_input: Request, _init?: RequestInit) => Promise.resolve(new Response('{}', { status: 200 })));
    const original = globalThis.fetch;
    globalThis.fetch = replacement as unknown as typeof fetch;
    try {
      const transport = await createUndiciTransport(new ClusterConnection({ host: 'cluster.test', username: 'a', password: 'p' }));
      const signal = new AbortController().signal;
      const response = await transport.send(new Request('https://cluster.test:8080/platform/latest'), signal);
      expect(response.status).toBe(200);
      expect(replacement).toHaveBeenCalledTimes(1);
      expect(replacement.mock.calls[0]?.[1]).toMatchObject({ signal, dispatcher: expect.any(Object) });
      await transport.close();
    } finally {
      globalThis.fetch = original;
    }
  });
});
