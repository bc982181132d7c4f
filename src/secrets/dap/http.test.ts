import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTlsFetch } from './http';

describe('createTlsFetch (Agent#request under ky)', () => {
  let server: Server;
  let origin: string;
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  // The Agent's TLS settings apply to https origins only; a plain loopback server checks the request mapping.
  const tls = createTlsFetch();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (req.url === '/moved') res.writeHead(307, { location: '/elsewhere' }).end();
        else if (req.method === 'DELETE') res.writeHead(204).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":"v"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await tls.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the method, path, headers and body of the Request and answers with a readable Response', async () => {
    const response = await tls.fetch(new Request(`${origin}/api/v3.1/secrets/a%2Fb?x=1`, { method: 'PUT', headers: { 'authentication-token': 't', 'content-type': 'application/json' }, body: '{"value":"s"}' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ value: 'v' });
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', url: '/api/v3.1/secrets/a%2Fb?x=1', body: '{"value":"s"}', headers: { 'authentication-token': 't' } });
  });

  it('does not follow a redirect (the token would travel with it) and gives a 204 a null body', async () => {
    const moved = await tls.fetch(new Request(`${origin}/moved`));
    expect(moved.status).toBe(307);
    expect(seen.some((r) => r.url === '/elsewhere')).toBe(false);
    const deleted = await tls.fetch(new Request(`${origin}/api/v3.1/secrets/k`, { method: 'DELETE' }));
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
  });

  it('rejects with the system error code when the connection is refused, and when the request signal aborts', async () => {
    await expect(tls.fetch(new Request('http://127.0.0.1:1/x'))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(tls.fetch(new Request(`${origin}/x`, { signal: AbortSignal.abort() }))).rejects.toMatchObject({ name: 'AbortError' });
  });
});
