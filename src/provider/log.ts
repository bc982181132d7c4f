/**
 * The provider's logger: hclog-style JSON lines on stderr, which go-plugin re-emits through
 * Terraform's own logger (so `TF_LOG_PROVIDER=DEBUG terraform plan` shows them). Off unless a log
 * level is set in TF_LOG_PROVIDER_POWERSCALE, TF_LOG_PROVIDER or TF_LOG (first one set wins).
 *
 * Redaction cannot be skipped: every line, whichever function produced it, passes through one
 * writer that (1) replaces the value of any field whose key looks secret with "***" before
 * serialising and (2) replaces every registered secret value (`registerSecret`) in the finished
 * line, including JSON-escaped forms. Framework and resources import `log` and `registerSecret`
 * from here; nothing in the provider may write to stdout (see ./protocol/stdout).
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const LEVELS: Record<LogLevel | 'off', number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };

/** Keys whose values never reach a log line (matched case-insensitively anywhere in the key). */
const SECRET_KEY = /passw(or)?d|passphrase|secret|token|cookie|authori[sz]ation|csrf|session|credential|private_?key|api_?key|bearer/i;

const REDACTED = '***';

/** Log sink: one finished line (with its newline) at a time. */
export type LogWriter = (line: string) => void;

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Whether a level would be written (to skip building expensive fields). */
  enabled(level: LogLevel): boolean;
}

const secrets = new Set<string>();

/**
 * Registers a secret value (a password, a minted S3 secret key, a session cookie...). From now on
 * every log line has each occurrence replaced with "***". Values shorter than 4 characters are
 * ignored: redacting "a" everywhere would wreck the logs and protect nothing.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= 4) {
    secrets.add(value);
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) secrets.add(escaped);
  }
}

/** Replaces registered secrets in any text (also used for error details that leave the process). */
export function redactText(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * The level the environment asks for. Terraform's own rule: an unrecognised non-empty value means
 * TRACE; "JSON" (TF_LOG=JSON) is TRACE too.
 */
export function levelFromEnv(env: NodeJS.ProcessEnv): LogLevel | 'off' {
  for (const name of ['TF_LOG_PROVIDER_POWERSCALE', 'TF_LOG_PROVIDER', 'TF_LOG']) {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) continue;
    if (raw === 'off') return 'off';
    if (raw in LEVELS) return raw as LogLevel;
    return 'trace';
  }
  return 'off';
}

/** hclog's timestamp layout needs exactly six fractional digits; JS gives three. */
export function hclogTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Serialisation of one field value: secrets by key are dropped, errors keep name and message only. */
function sanitise(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return String(value);
    return value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth > 8) return '[deep]';
  seen.add(value);
  // An error's own toJSON (house style: errors define a safe one) wins; otherwise name + message,
  // never the stack's captured values or a `cause` that may carry request headers.
  if (value instanceof Error) {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    return typeof json === 'function' ? sanitise(json.call(value), depth + 1, seen) : { name: value.name, message: value.message };
  }
  if (Array.isArray(value)) return value.map((v) => sanitise(v, depth + 1, seen));
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  const asJson = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof asJson === 'function') return sanitise(asJson.call(value), depth + 1, seen);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : sanitise(v, depth + 1, seen);
  return out;
}

/**
 * Creates a logger. `createLogger()` with no options is what the provider uses: stderr, level from
 * the process environment. Tests pass their own writer and level.
 */
export function createLogger(options: { module?: string; level?: LogLevel | 'off'; write?: LogWriter } = {}): Logger {
  const module = options.module ?? 'provider.powerscale';
  let threshold: number | undefined = options.level === undefined ? undefined : LEVELS[options.level];
  const write: LogWriter = options.write ?? ((line) => void process.stderr.write(line));
  const current = () => (threshold ??= LEVELS[levelFromEnv(process.env)]);

  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (LEVELS[level] < current()) return;
    const entry: Record<string, unknown> = {};
    if (fields) {
      const clean = sanitise(fields, 0, new WeakSet()) as Record<string, unknown>;
      for (const [k, v] of Object.entries(clean)) if (!k.startsWith('@')) entry[k] = v;
    }
    const line = JSON.stringify({ '@level': level, '@message': String(message), '@module': module, '@timestamp': hclogTimestamp(new Date()), ...entry });
    // The one writer: nothing reaches the sink without this pass.
    write(redactText(line) + '\n');
  };
  return {
    trace: (m, f) => emit('trace', m, f),
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    enabled: (level) => LEVELS[level] >= current(),
  };
}

/** The provider-wide logger (stderr; level from the environment, read on first use). */
export const log: Logger = createLogger();
