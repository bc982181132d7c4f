import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PapiAuthenticationError } from './errors';
import { Session, SessionManager, adoptSessionCookies, parseSetCookies, sessionFromLogin, type SessionAuthority } from './session';

class CountingAuthority implements SessionAuthority {
  logins = 0;
  logouts: string[] = [];
  fail = false;
  release: (() => void) | undefined;
  async login(): Promise<Session> {
    this.logins += 1;
    await new Promise<void>((resolve) => {
      this.release = resolve;
      setTimeout(resolve, 5);
    });
    if (this.fail) throw new PapiAuthenticationError({ status: 401, code: undefined, message: 'no', method: 'POST', path: '/session/1/session' });
    return new Session(`s${this.logins}`, `c${this.logins}`);
  }
  async logout(session: Session): Promise<void> {
    this.logouts.push(session.id);
  }
}

describe('SessionManager', () => {
  it('shares one login among concurrent first callers', async () => {
    const authority = new CountingAuthority();
    const manager = new SessionManager(authority);
    const sessions = await Promise.all(Array.from({ length: 10 }, () => manager.acquire()));
    expect(authority.logins).toBe(1);
    expect(new Set(sessions).size).toBe(1);
  });

  it('renews a stale session once however many callers report it, and returns the newer one to late reporters', async () => {
    const authority = new CountingAuthority();
    const manager = new SessionManager(authority);
    const first = await manager.acquire();
    const renewed = await Promise.all(Array.from({ length: 10 }, () => manager.renew(first)));
    expect(authority.logins).toBe(2);
    expect(new Set(renewed).size).toBe(1);
    const late = await manager.renew(first);
    expect(late).toBe(renewed[0]);
    expect(authority.logins).toBe(2);
  });

  it('does not remember a failed login', async () => {
    const authority = new CountingAuthority();
    authority.fail = true;
    const manager = new SessionManager(authority);
    await expect(manager.acquire()).rejects.toBeInstanceOf(PapiAuthenticationError);
    authority.fail = false;
    await expect(manager.acquire()).resolves.toBeInstanceOf(Session);
    expect(authority.logins).toBe(2);
  });

  it('lets one caller give up waiting without failing the shared login', async () => {
    const authority = new CountingAuthority();
    const manager = new SessionManager(authority);
    const controller = new AbortController();
    const impatient = manager.acquire(controller.signal);
    const patient = manager.acquire();
    controller.abort(new Error('gave up'));
    await expect(impatient).rejects.toThrow('gave up');
    await expect(patient).resolves.toBeInstanceOf(Session);
    expect(authority.logins).toBe(1);
  });

  it('logs out the current session on end, after a login in progress', async () => {
    const authority = new CountingAuthority();
    const manager = new SessionManager(authority);
    void manager.acquire();
    await manager.end();
    expect(authority.logouts).toEqual(['s1']);
    await manager.end();
    expect(authority.logouts).toEqual(['s1']);
  });
});

describe('session cookies', () => {
  it('reads isisessid and isicsrf from a login response', () => {
    const session = sessionFromLogin([
      'isisessid=924bb64a-cffd-4d98-9ccc-6703fabc3210; path=/; HttpOnly; Secure; SameSite=strict',
      'isicsrf=8c5da1e4-5508-4609-9978-4a6d283e4c3a; path=/; Secure',
    ]);
    expect(session?.id).toBe('924bb64a-cffd-4d98-9ccc-6703fabc3210');
    expect(session?.csrf).toBe('8c5da1e4-5508-4609-9978-4a6d283e4c3a');
    expect(session?.cookieHeader()).toBe('isisessid=924bb64a-cffd-4d98-9ccc-6703fabc3210; isicsrf=8c5da1e4-5508-4609-9978-4a6d283e4c3a');
  });

  it('keeps opaque values whole, including "=" (JWT-like ids)', () => {
    expect(parseSetCookies(['isisessid=eyJ.a=b==; path=/']).get('isisessid')).toBe('eyJ.a=b==');
  });

  it('finds no session without isisessid or with the logout value', () => {
    expect(sessionFromLogin(['isicsrf=x; path=/'])).toBeUndefined();
    expect(sessionFromLogin(['isisessid=deleted; path=/'])).toBeUndefined();
    expect(sessionFromLogin([])).toBeUndefined();
  });

  it('adopts a replacement id but ignores the logout value', () => {
    const session = new Session('old', 'csrf');
    expect(adoptSessionCookies(session, ['isisessid=new; path=/; HttpOnly; Secure'])).toBe(true);
    expect(session.id).toBe('new');
    expect(adoptSessionCookies(session, ['isisessid=deleted; path=/'])).toBe(false);
    expect(adoptSessionCookies(session, ['other=1'])).toBe(false);
    expect(session.id).toBe('new');
    expect(session.csrf).toBe('csrf');
  });

  it('never serialises its cookies', () => {
    const session = new Session('sess-secret', 'csrf-secret');
    expect(JSON.stringify({ session })).not.toMatch(/secret/);
    expect(inspect(session)).not.toMatch(/secret/);
  });
});
