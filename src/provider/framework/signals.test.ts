import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkSignals } from './signals';

describe('linkSignals', () => {
  it('aborts with the reason of whichever source aborts first', () => {
    const call = new AbortController();
    const stop = new AbortController();
    const link = linkSignals(call.signal, stop.signal);
    stop.abort(new Error('stop'));
    call.abort(new Error('call'));
    expect(link.signal.aborted).toBe(true);
    expect((link.signal.reason as Error).message).toBe('stop');
  });

  it('is aborted at once when a source already is', () => {
    const stop = new AbortController();
    stop.abort(new Error('stopped before'));
    const link = linkSignals(new AbortController().signal, stop.signal);
    expect(link.signal.aborted).toBe(true);
    expect((link.signal.reason as Error).message).toBe('stopped before');
  });

  it('leaves nothing on a long-lived source once disposed, however many calls linked to it', () => {
    const stop = new AbortController();
    for (let i = 0; i < 100; i++) linkSignals(new AbortController().signal, stop.signal).dispose();
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    const link = linkSignals(new AbortController().signal, stop.signal);
    link.dispose();
    stop.abort();
    expect(link.signal.aborted).toBe(false);
  });
});
