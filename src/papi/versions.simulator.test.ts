import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../simulator/testing';
import { createPapiClient } from './client';
import { lookupS3Key, mintS3Key } from './s3-keys';
import { parseLatest, pickApiVersion } from './versions';

const sim = useOneFsSimulator({ users: ['alice'] });
const papi = () => createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
const latestReads = () => sim.stats().onefs.routes['GET /platform/latest'] ?? 0;

describe('API version selection', () => {
  it.each([
    ['s3-buckets', 9, undefined],
    ['s3-buckets', 10, 10],
    ['s3-buckets', 13, 12],
    ['s3-buckets', 16, 15],
    ['s3-buckets', 21, 15],
    ['s3-keys', 21, 10],
    ['zones', 3, 3],
    ['users', 12, 7],
    ['users', 16, 16],
    ['users', 21, 16],
    ['groups', 21, 1],
  ] as const)('calls %s at the highest version it speaks that latest %i allows (%s)', (area, latest, expected) => {
    expect(pickApiVersion(area, latest)).toBe(expected);
  });

  it('reads /platform/latest as a string with an optional minor part', () => {
    expect(parseLatest({ latest: '16' })).toBe(16);
    expect(parseLatest({ latest: '5.1' })).toBe(5);
    expect(parseLatest({ latest: 12 })).toBe(12);
    expect(parseLatest({ latest: 'v16' })).toBeUndefined();
    expect(parseLatest(null)).toBeUndefined();
  });

  it('reads /platform/latest once per session, and again after a re-login', async () => {
    const client = papi();
    await lookupS3Key(client, 'System', 'alice');
    await mintS3Key(client, 'System', 'alice', 0);
    await lookupS3Key(client, 'System', 'alice');
    expect(latestReads()).toBe(1);
    sim.onefs.expireSessions();
    await lookupS3Key(client, 'System', 'alice');
    await lookupS3Key(client, 'System', 'alice');
    expect(latestReads()).toBe(2);
    expect(sim.stats().onefs.logins).toBe(2);
    await client.close();
  });

  it('refuses an area the cluster is too old for, naming the versions; a change is never sent', async () => {
    sim.onefs.setRelease('9.2');
    (sim.model as { apiVersion: number }).apiVersion = 9;
    const client = papi();
    // The first read of a session goes out with the version read and is refused once it answers.
    await expect(lookupS3Key(client, 'System', 'alice')).rejects.toMatchObject({ code: 'UNSUPPORTED_API_VERSION', message: "the cluster's newest API version is 9; /platform/10/protocols/s3/keys/alice needs version 10 or later (upgrade OneFS)" });
    // Once the version is known, nothing at all is sent to the area.
    await expect(lookupS3Key(client, 'System', 'alice')).rejects.toMatchObject({ code: 'UNSUPPORTED_API_VERSION', message: "the cluster's newest API version is 9; s3-keys needs version 10 or later (upgrade OneFS)" });
    await expect(mintS3Key(client, 'System', 'alice', 0)).rejects.toMatchObject({ code: 'UNSUPPORTED_API_VERSION' });
    expect(Object.keys(sim.stats().onefs.routes).filter((r) => r.includes('s3'))).toEqual(['GET /platform/10/protocols/s3/keys/{user}']);
    expect(sim.stats().onefs.routes['GET /platform/10/protocols/s3/keys/{user}']).toBe(1);
    await client.close();
  });

  it('sends the first read of a one-version area together with the version read, and a change only after it', async () => {
    const events: string[] = [];
    const tracing = (request: Request): Promise<Response> => {
      const what = `${request.method} ${new URL(request.url).pathname}`;
      events.push(`start ${what}`);
      return fetch(request).then((response) => {
        events.push(`end ${what}`);
        return response;
      });
    };
    const client = createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password }, { fetch: tracing });
    await lookupS3Key(client, 'System', 'alice');
    const reads = events.filter((e) => !e.includes('/session/'));
    // Both started before either answered: one round trip, not two.
    expect(reads.slice(0, 2).sort()).toEqual(['start GET /platform/10/protocols/s3/keys/alice', 'start GET /platform/latest']);
    await client.close();

    events.length = 0;
    const writer = createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password }, { fetch: tracing });
    await mintS3Key(writer, 'System', 'alice', 0);
    const writes = events.filter((e) => !e.includes('/session/'));
    expect(writes.indexOf('end GET /platform/latest')).toBeLessThan(writes.indexOf('start POST /platform/10/protocols/s3/keys/alice'));
    expect(writes.indexOf('end GET /platform/latest')).toBeGreaterThanOrEqual(0);
    await writer.close();
  });

  it('fails the read with the version read\'s own error when that read fails', async () => {
    const client = createPapiClient(
      { endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password },
      {
        retry: { limit: 0 },
        fetch: (request) => (new URL(request.url).pathname === '/platform/latest' ? Promise.resolve(new Response('{"errors":[{"code":"AEC_EXCEPTION","message":"boom"}]}', { status: 500 })) : fetch(request)),
      },
    );
    await expect(lookupS3Key(client, 'System', 'alice')).rejects.toMatchObject({ status: 500, path: '/platform/latest' });
    await client.close();
  });
});
