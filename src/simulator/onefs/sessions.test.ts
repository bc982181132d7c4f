import { describe, expect, it } from 'vitest';
import { createClock } from '../clock';
import { SessionStore } from './sessions';

/** Real time frozen: only `advance()` moves it. */
function fixedClock() {
  return createClock(() => 1_000_000);
}

describe('SessionStore', () => {
  it('extends the idle deadline on activity in the pre-9.3 "extend" mode', () => {
    const clock = fixedClock();
    const store = new SessionStore(clock, { renewal: 'extend', idleTimeoutSeconds: 100 });
    const { cookie } = store.create('admin', ['platform']) ?? { cookie: '' };
    clock.advance(90_000);
    expect(store.resolve(cookie)?.replacementCookie).toBeUndefined();
    clock.advance(90_000);
    expect(store.resolve(cookie)).toBeDefined();
    clock.advance(100_000);
    expect(store.resolve(cookie)).toBeUndefined();
  });

  it('never lets a replacement cookie outlive the absolute deadline', () => {
    const clock = fixedClock();
    const store = new SessionStore(clock, { idleTimeoutSeconds: 900, absoluteTimeoutSeconds: 1000, replacementWindowSeconds: 450 });
    const { cookie } = store.create('admin', ['platform']) ?? { cookie: '' };
    clock.advance(500_000);
    const replacement = store.resolve(cookie)?.replacementCookie ?? '';
    clock.advance(499_000);
    expect(store.resolve(replacement)).toBeDefined();
    clock.advance(1_000);
    expect(store.resolve(replacement)).toBeUndefined();
    expect(store.activeCount()).toBe(0);
  });

  it('counts one active session however many replacement cookies it has', () => {
    const clock = fixedClock();
    const store = new SessionStore(clock);
    const { cookie } = store.create('admin', ['platform']) ?? { cookie: '' };
    clock.advance(460_000);
    store.resolve(cookie);
    store.resolve(cookie);
    expect(store.activeCount()).toBe(1);
  });
});
