/**
 * S3 access keys with OneFS rotation semantics (reference/onefs-papi.md section 5):
 * one access id per (zone, user); at most two secrets, the current one and the previous one kept
 * valid until `old_key_expiry`; POST (the only call that returns secrets) mints a new current
 * secret and demotes the previous one for `existing_key_expiry_time` minutes (0 = it dies now);
 * GET never returns a secret; DELETE forgets everything.
 */
import { MAX_EXISTING_KEY_EXPIRY_MINUTES } from '../../onefs/rules';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The most minutes an old secret may stay valid (PAPI schema: 0..1440), from the shared OneFS rules. */
export { MAX_EXISTING_KEY_EXPIRY_MINUTES };

/** What GET returns inside `keys` (wire names; nulls where OneFS reports "none"). */
export interface S3KeyView {
  access_id: string;
  old_key_expiry: number | null;
  old_key_timestamp: number | null;
  secret_key_timestamp: number;
}

/** What POST returns inside `keys`: the view plus both secrets. */
export interface S3KeyCreated extends S3KeyView {
  secret_key: string;
  old_secret_key: string | null;
}

interface StoredKey {
  accessId: string;
  zone: string;
  user: string;
  secret: string;
  secretTimestamp: number;
  old?: { secret: string; timestamp: number; expiry: number };
}

/** A fresh 28-character secret, as OneFS generates them (21 random bytes, base64). */
export function generateSecret(): string {
  return randomBytes(21).toString('base64');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The key table. Times are epoch seconds; callers pass `now` so that the simulated clock rules. */
export class S3KeyStore {
  readonly #keys = new Map<string, StoredKey>();

  static #slot(zone: string, user: string): string {
    return `${zone}\u0000${user}`;
  }

  /** Drops an old secret whose expiry has passed, so views never show a dead secret. */
  #current(zone: string, user: string, now: number): StoredKey | undefined {
    const key = this.#keys.get(S3KeyStore.#slot(zone, user));
    if (key?.old && key.old.expiry <= now) delete key.old;
    return key;
  }

  /** The key as GET shows it, or undefined when the user has none. */
  view(zone: string, user: string, now: number): S3KeyView | undefined {
    const key = this.#current(zone, user, now);
    return key && toView(key);
  }

  /** True when (zone, user) has a key. */
  has(zone: string, user: string): boolean {
    return this.#keys.has(S3KeyStore.#slot(zone, user));
  }

  /**
   * Mints a new secret. With an existing key the access id is kept and the current secret becomes
   * the old one, valid for `expiryMinutes` more minutes (0: not at all); any earlier old secret is
   * discarded, so at most two secrets are ever valid. Validation of `force` and the range of
   * `expiryMinutes` is the caller's job.
   */
  create(zone: string, user: string, accessId: string, expiryMinutes: number, now: number): S3KeyCreated {
    const existing = this.#current(zone, user, now);
    const next: StoredKey = { accessId: existing?.accessId ?? accessId, zone, user, secret: generateSecret(), secretTimestamp: now };
    if (existing && expiryMinutes > 0) {
      next.old = { secret: existing.secret, timestamp: existing.secretTimestamp, expiry: now + expiryMinutes * 60 };
    }
    this.#keys.set(S3KeyStore.#slot(zone, user), next);
    return { ...toView(next), secret_key: next.secret, old_secret_key: next.old?.secret ?? null };
  }

  /** Forgets the key; false when there was none. */
  delete(zone: string, user: string): boolean {
    return this.#keys.delete(S3KeyStore.#slot(zone, user));
  }

  /** Forgets every key of a user (user deleted) or, with no user, of a zone (zone deleted). */
  purge(zone: string, user?: string): void {
    for (const [slot, key] of this.#keys) {
      if (key.zone === zone && (user === undefined || key.user === user)) this.#keys.delete(slot);
    }
  }

  /**
   * Whether an S3 request signed with (accessId, secret) would authenticate at `now`: the secret is
   * the current one, or the old one before its expiry.
   */
  authenticate(accessId: string, secret: string, now: number): boolean {
    for (const key of this.#keys.values()) {
      if (key.accessId !== accessId) continue;
      if (sameSecret(key.secret, secret)) return true;
      return key.old !== undefined && key.old.expiry > now && sameSecret(key.old.secret, secret);
    }
    return false;
  }

  clear(): void {
    this.#keys.clear();
  }
}

function toView(key: StoredKey): S3KeyView {
  return {
    access_id: key.accessId,
    old_key_expiry: key.old?.expiry ?? null,
    old_key_timestamp: key.old?.timestamp ?? null,
    secret_key_timestamp: key.secretTimestamp,
  };
}
