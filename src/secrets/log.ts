/** Fields of a log event: names, statuses, counts. Never a value, token or password. */
export type SecretStoreLogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Where a store reports what it does (retries, fallbacks, stale locks). The provider routes this to
 * Terraform's log. Stores only ever pass key names, paths, statuses and counts.
 */
export type SecretStoreLogger = (level: 'debug' | 'info' | 'warn', message: string, fields?: SecretStoreLogFields) => void;

/** The logger used when none is given. */
export const silentLogger: SecretStoreLogger = () => {};
