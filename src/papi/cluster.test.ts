import { describe, expect, it } from 'vitest';
import { fetchClusterIdentity, sameGuid } from './cluster';
import { PapiDecodeError } from './decode';
import type { PapiApi } from './types';

function papiAnswering(config: unknown, latest: unknown): PapiApi {
  const get = async <T>(path: string): Promise<T> => (path === '/platform/latest' ? latest : config) as T;
  const fail = async <T>(): Promise<T> => {
    throw new Error('not used');
  };
  return { get, post: fail, put: fail, delete: fail, close: async () => {} };
}

const config = { guid: '000e1ea582501ce1e65c8e123920ccb186fe', name: 'c1', onefs_version: { release: '9.5.0.0' } };

describe('cluster identity over PAPI', () => {
  it('decodes the identity into camelCase, with the API version as a string', async () => {
    expect(await fetchClusterIdentity(papiAnswering(config, { latest: 16 }))).toEqual({ guid: config.guid, name: 'c1', onefsVersion: '9.5.0.0', apiVersion: '16' });
  });

  it.each<[string, unknown, unknown, string]>([
    ['a missing guid', { ...config, guid: undefined }, { latest: '16' }, 'guid'],
    ['an empty guid', { ...config, guid: '' }, { latest: '16' }, 'guid'],
    ['a missing release', { ...config, onefs_version: {} }, { latest: '16' }, 'onefs_version.release'],
    ['a missing latest', config, {}, 'latest'],
  ])('names the field for %s', async (_name, body, latest, field) => {
    const error = await fetchClusterIdentity(papiAnswering(body, latest)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PapiDecodeError);
    expect((error as PapiDecodeError).field).toBe(field);
  });

  it('compares guids without regard to case', () => {
    expect(sameGuid('ABC', 'abc')).toBe(true);
  });
});
