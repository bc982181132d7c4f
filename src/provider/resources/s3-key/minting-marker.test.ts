import { describe, expect, it } from 'vitest';
import { decodeMarker, encodeMarker, judgeMarker, MARKER_WINDOW_SECONDS, markerName, processAlive, type MarkerJudge, type MintingMarker } from './minting-marker';

const NOW = 1_764_672_000;
const self = { run: 'run-now', host: 'ci-1', pid: 4242 };
const dead = new Set([111]);
const judge: MarkerJudge = { self, nowSeconds: NOW, isAlive: (pid) => !dead.has(pid) };
const marker = (over: Partial<MintingMarker> = {}): MintingMarker => ({ zone: 'System', user: 'alice', owner: 'o-1', run: 'run-killed', host: 'ci-1', pid: 111, time: NOW - 30, before: null, ...over });

describe('minting marker names and documents', () => {
  it('lives under the reserved prefix, one name per zone and user, like the default secret name', () => {
    expect(markerName('System', 'alice')).toBe('powerscale-minting-System-alice');
    expect(markerName('tenant-a', 'alice')).not.toBe(markerName('tenant', 'a-alice'));
  });

  it('round-trips, and anything that is not a whole marker vouches for nothing', () => {
    expect(decodeMarker(encodeMarker(marker()))).toEqual(marker());
    expect(decodeMarker(encodeMarker(marker({ before: 17 })))).toEqual(marker({ before: 17 }));
    for (const bad of ['', 'garbage', '{}', '{"access_id":"a","secret_key":"b"}', encodeMarker(marker()).replace('"pid":111', '"pid":"111"'), encodeMarker(marker()).replace('powerscale_s3_key minting', 'other')]) {
      expect(decodeMarker(bad)).toBeUndefined();
    }
  });

  it('holds no secret: only names, tokens, a process and times', () => {
    expect(Object.keys(JSON.parse(encodeMarker(marker())) as object)).toEqual(['marker', 'zone', 'user', 'owner', 'run', 'host', 'pid', 'time', 'before']);
  });
});

describe('judging a key without a stored secret by its minting marker', () => {
  it('takes the key of a killed process of this host, minted after the marker', () => {
    expect(judgeMarker(marker(), 'System', 'alice', NOW - 29, judge)).toEqual({ kind: 'ours' });
  });

  it('takes the key of an earlier attempt of this very provider process', () => {
    expect(judgeMarker(marker({ run: self.run, pid: self.pid }), 'System', 'alice', NOW - 29, judge)).toEqual({ kind: 'ours' });
  });

  it('refuses without a marker, or with the marker of another zone or user', () => {
    expect(judgeMarker(undefined, 'System', 'alice', NOW, judge)).toEqual({ kind: 'not-ours', why: 'no-marker' });
    expect(judgeMarker(marker({ user: 'bob' }), 'System', 'alice', NOW, judge)).toEqual({ kind: 'not-ours', why: 'no-marker' });
    expect(judgeMarker(marker({ zone: 'z2' }), 'System', 'alice', NOW, judge)).toEqual({ kind: 'not-ours', why: 'no-marker' });
  });

  it('refuses a key that is not newer than the one the marker saw before its mint (killed after the marker, before the mint)', () => {
    expect(judgeMarker(marker({ before: NOW - 100 }), 'System', 'alice', NOW - 100, judge)).toEqual({ kind: 'not-ours', why: 'key-not-newer' });
    expect(judgeMarker(marker({ before: NOW - 100 }), 'System', 'alice', NOW - 29, judge)).toEqual({ kind: 'ours' });
  });

  it('refuses a key minted far from the marker time: a marker left behind forever vouches for nothing later', () => {
    expect(judgeMarker(marker({ time: NOW - 86_400 }), 'System', 'alice', NOW, judge)).toEqual({ kind: 'not-ours', why: 'outside-window' });
    expect(judgeMarker(marker(), 'System', 'alice', NOW - 30 - MARKER_WINDOW_SECONDS - 1, judge)).toEqual({ kind: 'not-ours', why: 'outside-window' });
    // Clock skew between this machine and the cluster within the window is tolerated.
    expect(judgeMarker(marker(), 'System', 'alice', NOW - 30 - MARKER_WINDOW_SECONDS + 1, judge)).toEqual({ kind: 'ours' });
  });

  it('reports a writer still running (a concurrent apply) as in progress, on this host by its process, elsewhere by the marker age', () => {
    const live = marker({ pid: 222 });
    expect(judgeMarker(live, 'System', 'alice', NOW - 29, judge)).toEqual({ kind: 'in-progress', marker: live });
    // Another provider configuration of this same process (its pid is this one's).
    const sibling = marker({ pid: self.pid, run: 'sibling' });
    expect(judgeMarker(sibling, 'System', 'alice', NOW - 29, judge)).toEqual({ kind: 'in-progress', marker: sibling });
    const remote = marker({ host: 'ci-2', pid: 111 });
    expect(judgeMarker(remote, 'System', 'alice', NOW - 29, judge)).toEqual({ kind: 'in-progress', marker: remote });
    const remoteOld = marker({ host: 'ci-2', time: NOW - MARKER_WINDOW_SECONDS - 60 });
    expect(judgeMarker(remoteOld, 'System', 'alice', NOW - MARKER_WINDOW_SECONDS - 50, judge)).toEqual({ kind: 'ours' });
  });

  it('sees this process as alive and an exited one as gone', async () => {
    expect(processAlive(process.pid)).toBe(true);
    const { spawnSync } = await import('node:child_process');
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(processAlive(exited)).toBe(false);
  });
});
