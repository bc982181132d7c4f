/**
 * The logging seam the framework and handlers use. The process logger (hclog JSON on stderr,
 * written by the protocol layer) implements it; tests use {@link silentLog} or a recording one.
 * Fields must be names, statuses, counts: never a value from config, plan or state.
 */

/** Structured fields of one log line. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Leveled logging plus the secret-redaction registry every line passes through. */
export interface Log {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /**
   * Registers a secret (a password, a token, a minted key) as soon as it is read: from then on it
   * is replaced by a placeholder in every log line and in every diagnostic the framework renders.
   */
  addSecret(secret: string): void;
  /** `text` with every registered secret replaced. */
  redact(text: string): string;
}

/** A log that drops lines but still redacts (diagnostics rely on `redact`). */
export function createSilentLog(): Log {
  const secrets = new Set<string>();
  const noop = (): void => {};
  return {
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    addSecret(secret) {
      if (secret.length > 0) secrets.add(secret);
    },
    redact(text) {
      let out = text;
      for (const s of secrets) out = out.split(s).join('[REDACTED]');
      return out;
    },
  };
}

/** A shared silent log for code paths that have none. */
export const silentLog: Log = createSilentLog();
