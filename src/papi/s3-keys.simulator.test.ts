import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../simulator/testing';
import { createPapiClient } from './client';
import { deleteS3Key, lookupS3Key, mintS3Key } from './s3-keys';

const sim = useOneFsSimulator({ users: ['alice'] });
const papi = () => createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });

describe('S3 keys over PAPI, against the simulator', () => {
  it('decodes what the cluster answers through a mint, a rotation, a lookup and a delete', async () => {
    const client = papi();
    expect(await lookupS3Key(client, 'System', 'alice')).toEqual({ kind: 'none' });
    const secrets: string[] = [];
    const first = await mintS3Key(client, 'System', 'alice', 0, { onSecret: (s) => secrets.push(s) });
    expect(first.secretKey).toBe(secrets[0]);
    const rotated = await mintS3Key(client, 'System', 'alice', 10, { onSecret: (s) => secrets.push(s) });
    expect(rotated.accessId).toBe(first.accessId);
    expect(rotated.oldKeyExpiry).toBe(rotated.secretKeyTimestamp + 600);
    expect(secrets).toContain(rotated.secretKey);
    const found = await lookupS3Key(client, 'System', 'alice');
    expect(found).toEqual({ kind: 'key', key: { accessId: rotated.accessId, secretKeyTimestamp: rotated.secretKeyTimestamp, oldKeyExpiry: rotated.oldKeyExpiry, oldKeyTimestamp: expect.any(Number) } });
    await deleteS3Key(client, 'System', 'alice');
    await deleteS3Key(client, 'System', 'alice');
    expect(await lookupS3Key(client, 'System', 'alice')).not.toMatchObject({ kind: 'key' });
    expect(await lookupS3Key(client, 'System', 'nobody')).toEqual({ kind: 'gone' });
    await client.close();
  });
});
