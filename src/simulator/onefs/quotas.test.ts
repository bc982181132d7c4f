import { describe, expect, it } from 'vitest';
import { useOneFsSimulator } from '../testing';
import { platformCaller } from './testing';

const sim = useOneFsSimulator();
const { call, errorsOf: errorsOfUnknown } = platformCaller(sim);
const errorsOf = async (response: Response) => (await errorsOfUnknown(response)) as Array<{ code: string; message: string; field?: string }>;
const GiB = 1024 ** 3;

type QuotaBody = { id: string; path: string; type: string; persona: { id: string; name: string } | null; thresholds: Record<string, unknown>; usage: Record<string, number> };

async function session() {
  return sim.login();
}

describe('quota routes', () => {
  it('creates a directory quota (201 {id}), reads it in a one-item list, and refuses a second one on the same path and type with AEC_CONFLICT', async () => {
    sim.model.addZone('t1');
    const s = await session();
    const post = (body: unknown) => call('/platform/15/quota/quotas', s, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post({ path: '/ifs/t1', type: 'directory', include_snapshots: false, enforced: true, thresholds: { hard: GiB, advisory: null } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const got = (await (await call(`/platform/15/quota/quotas/${id}`, s)).json()) as { quotas: QuotaBody[] };
    expect(got.quotas).toMatchObject([{ id, path: '/ifs/t1', type: 'directory', persona: null, thresholds: { hard: GiB, advisory: null, soft: null, soft_grace: null } }]);
    const again = await post({ path: '/ifs/t1', type: 'directory', include_snapshots: false });
    expect(again.status).toBe(409);
    expect((await errorsOf(again))[0]?.code).toBe('AEC_CONFLICT');
  });

  it('refuses a path that does not exist, a missing required field and the threshold combinations OneFS refuses', async () => {
    sim.model.addZone('t1');
    const s = await session();
    const post = (body: unknown) => call('/platform/15/quota/quotas', s, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const base = { path: '/ifs/t1', type: 'directory', include_snapshots: false };
    const cases: [unknown, string, string][] = [
      [{ ...base, path: '/ifs/nowhere' }, 'AEC_BAD_REQUEST', 'path'],
      [{ path: '/ifs/t1', type: 'directory' }, 'AEC_ARG_REQUIRED', 'include_snapshots'],
      [{ ...base, type: 'user' }, 'AEC_ARG_REQUIRED', 'persona'],
      [{ ...base, persona: { type: 'user', name: 'admin' } }, 'AEC_BAD_REQUEST', 'persona'],
      [{ ...base, thresholds: { soft: GiB } }, 'AEC_BAD_REQUEST', 'soft_grace'],
      [{ ...base, thresholds: { soft_grace: 60 } }, 'AEC_BAD_REQUEST', 'soft_grace'],
      [{ ...base, thresholds: { hard: GiB, soft: GiB, soft_grace: 60 } }, 'AEC_BAD_REQUEST', 'soft'],
      [{ ...base, thresholds: { hard: GiB, advisory: 2 * GiB } }, 'AEC_BAD_REQUEST', 'advisory'],
      [{ ...base, thresholds: { hard: 0 } }, 'AEC_BAD_REQUEST', 'hard'],
    ];
    for (const [body, code, field] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(code === 'AEC_CONFLICT' ? 409 : 400);
      expect((await errorsOf(response))[0], JSON.stringify(body)).toMatchObject({ code, field });
    }
    expect(sim.model.quotas.list()).toEqual([]);
  });

  it('clears a threshold a modify names as null, keeps the ones it leaves out, and refuses an empty modify', async () => {
    sim.model.addZone('t1');
    const quota = sim.model.createQuota({ path: '/ifs/t1', type: 'directory', includeSnapshots: false, thresholds: { hard: 2 * GiB, advisory: GiB }, empty: false });
    const s = await session();
    const put = (body: unknown) => call(`/platform/15/quota/quotas/${quota.id}`, s, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ thresholds: { advisory: null } })).status).toBe(204);
    expect(sim.model.quotas.get(quota.id).thresholds).toEqual({ hard: 2 * GiB, soft: null, softGrace: null, advisory: null });
    expect((await put({ enforced: false })).status).toBe(204);
    expect(sim.model.quotas.get(quota.id).thresholds.hard).toBe(2 * GiB);
    expect((await put({})).status).toBe(400);
    expect((await put({ path: '/ifs' })).status).toBe(400);
  });

  it('resolves user personas in ?zone=, filters the list by path, type and persona, and pages it', async () => {
    sim.model.addZone('z1');
    const alice = sim.model.addUser('z1', 'alice');
    sim.model.addUser('z1', 'bob');
    const s = await session();
    const post = (name: string) =>
      call('/platform/15/quota/quotas?zone=z1', s, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path: '/ifs/z1', type: 'user', include_snapshots: false, persona: { type: 'user', name } }) });
    expect((await post('alice')).status).toBe(201);
    expect((await post('bob')).status).toBe(201);
    expect((await post('nobody')).status).toBe(404);
    const list = async (query: string) => ((await (await call(`/platform/15/quota/quotas?${query}`, s)).json()) as { quotas: QuotaBody[]; resume?: string });
    expect((await list('path=/ifs/z1&type=user')).quotas.map((q) => q.persona?.name)).toEqual(['alice', 'bob']);
    expect((await list('path=/ifs/z1&type=user&persona=USER:alice&zone=z1')).quotas.map((q) => q.persona?.id)).toEqual([`UID:${alice.uid}`]);
    const first = await list('limit=1');
    expect(first.quotas).toHaveLength(1);
    expect((await list(`resume=${first.resume ?? ''}`)).quotas.map((q) => q.persona?.name)).toEqual(['bob']);
  });

  it('answers a deleted or unknown quota with the 404 OneFS sends', async () => {
    sim.model.addZone('t1');
    const quota = sim.model.createQuota({ path: '/ifs/t1', type: 'directory', includeSnapshots: false, empty: false });
    const s = await session();
    expect((await call(`/platform/15/quota/quotas/${quota.id}`, s, { method: 'DELETE' })).status).toBe(204);
    const gone = await call(`/platform/15/quota/quotas/${quota.id}`, s);
    expect(gone.status).toBe(404);
    expect(await errorsOf(gone)).toEqual([{ code: 'AEC_NOT_FOUND', message: 'Failed to fetch quota domain record: No such file or directory' }]);
  });

  it('reports usage the control API set, in the 9.5 usage members', async () => {
    sim.model.addZone('t1');
    const quota = sim.model.createQuota({ path: '/ifs/t1', type: 'directory', includeSnapshots: false, thresholds: { hard: GiB }, empty: false });
    expect(sim.model.quotas.setUsage('/ifs/t1', 2 * GiB)).toBe(1);
    const s = await session();
    const [body] = ((await (await call(`/platform/15/quota/quotas/${quota.id}`, s)).json()) as { quotas: QuotaBody[] }).quotas;
    expect(body?.usage).toMatchObject({ applogical: 2 * GiB, fslogical: 2 * GiB });
    expect(body?.thresholds).toMatchObject({ hard_exceeded: true });
  });
});
