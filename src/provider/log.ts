/**
 * The provider's logger: hclog-style JSON lines on stderr, which go-plugin re-emits through
 * Terraform's own logger (so `TF_LOG_PROVIDER=DEBUG terraform plan` shows them). Off unless a log
 * level is set in TF_LOG_PROVIDER_POWERSCALE, TF_LOG_PROVIDER or TF_LOG (first one set wins).
 *
 * Redaction cannot be skipped: every line, whichever function produced it, passes through one
 * writer that (1) replaces the value of any field whose key looks secret with "***" before
 * serialising and (2) replaces every registered secret value (`registerSecret`) in the finished
 * line, in its raw, JSON-escaped, base64, base64url, URL-encoded and hex forms, and any piece of 16
 * or more characters of one of those forms (a quote split over lines or cut short). Framework and resources import `log` and `registerSecret`
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

/**
 * The shortest piece of a secret that is redacted on its own, wherever it appears: a secret quoted
 * split over two lines, or cut short by a server or a log, leaves pieces of it; each piece of this
 * length or more is removed. Shorter pieces are not: 15 characters of ordinary text would too often
 * match by chance, and a fragment that short of a 40-character key still leaves most of it unknown.
 * Pieces of an encoded form only help at the encoding's alignment (base64 of a piece of the secret
 * is not a piece of the secret's base64), so a cut-short base64 quote is caught, a base64 quote of
 * a middle piece is not. That is the limit; the first defence is that servers' messages about
 * requests that carry a secret are never shown at all.
 */
export const MIN_SECRET_PIECE = 16;

/**
 * A set of MIN_SECRET_PIECE-character windows kept as 53-bit hashes in one open-addressing table
 * (8 bytes a slot) instead of one string per window in a Set (≈ 50 bytes each, and each kept its
 * whole form alive): a 40-character secret has ≈ 290 windows over its encoded forms, and a large
 * apply registers one secret per key, which made this the only thing a provider process kept per
 * key. With 2^53 values, a window that is no secret's is taken for one with a chance under one in
 * 10^9 per window looked up, even after a million windows; the cost of that is 16 characters of a
 * log line redacted. Nothing is lost the other way: a registered window is always found.
 */
class WindowSet {
  #slots = new Float64Array(1024);
  #count = 0;

  get size(): number {
    return this.#count;
  }

  /** The hash of text[at, at + MIN_SECRET_PIECE): two 32-bit multiplicative hashes, never 0. */
  static hash(text: string, at: number): number {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = at; i < at + MIN_SECRET_PIECE; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    return ((a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff)) || 1;
  }

  add(hash: number): void {
    if ((this.#count + 1) * 4 > this.#slots.length * 3) this.#grow();
    if (WindowSet.#insert(this.#slots, hash)) this.#count++;
  }

  has(hash: number): boolean {
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let i = hash % slots.length; ; i = (i + 1) & mask) {
      const slot = slots[i];
      if (slot === hash) return true;
      if (slot === 0) return false;
    }
  }

  /** Inserts into `slots` (a power-of-two length with a free slot); false when already there. */
  static #insert(slots: Float64Array, hash: number): boolean {
    const mask = slots.length - 1;
    for (let i = hash % slots.length; ; i = (i + 1) & mask) {
      const slot = slots[i];
      if (slot === hash) return false;
      if (slot === 0) {
        slots[i] = hash;
        return true;
      }
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Float64Array(old.length * 2);
    for (const hash of old) if (hash !== 0) WindowSet.#insert(this.#slots, hash);
  }
}

/** Every MIN_SECRET_PIECE-character window of every registered form (not of JSON documents). */
const pieces = new WindowSet();

/**
 * The forms the windows do not cover, which a line is searched for whole: every form of a JSON
 * document (redacted whole only), and forms shorter than MIN_SECRET_PIECE. A form of a plain secret
 * of MIN_SECRET_PIECE or more characters needs no entry: its windows cover every character of it.
 * Each whole form keeps its registration order (replacements run in that order).
 */
const wholeOrder = new Map<string, number>();
/**
 * The long whole forms, by one of their windows: a line is looked up window by window, so redacting
 * costs the line's length, not the number of secrets registered (one document per S3 key: thousands
 * in a large apply). The window is a form's first one not yet used by another form, from the middle
 * on: documents of one kind share their first and last characters (`{"access_id":"`).
 */
const wholeByWindow = new Map<string, { form: string; offset: number }[]>();
/** The short whole forms (under MIN_SECRET_PIECE characters), by length. */
const shortByLength = new Map<number, Set<string>>();

function addWhole(form: string): void {
  if (wholeOrder.has(form)) return;
  wholeOrder.set(form, wholeOrder.size);
  if (form.length < MIN_SECRET_PIECE) {
    let forms = shortByLength.get(form.length);
    if (forms === undefined) shortByLength.set(form.length, (forms = new Set()));
    forms.add(form);
    return;
  }
  const last = form.length - MIN_SECRET_PIECE;
  const middle = Math.floor(last / 2);
  let offset = middle;
  for (let k = 0; k <= last; k++) {
    const candidate = (middle + k) % (last + 1);
    if (!wholeByWindow.has(form.slice(candidate, candidate + MIN_SECRET_PIECE))) {
      offset = candidate;
      break;
    }
  }
  const window = form.slice(offset, offset + MIN_SECRET_PIECE);
  const entries = wholeByWindow.get(window);
  if (entries === undefined) wholeByWindow.set(window, [{ form, offset }]);
  else entries.push({ form, offset });
}

/** The whole forms that occur in `text`, in registration order. */
function wholeFormsIn(text: string): string[] {
  const found = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    if (i + MIN_SECRET_PIECE <= text.length) {
      const entries = wholeByWindow.get(text.slice(i, i + MIN_SECRET_PIECE));
      if (entries !== undefined) for (const { form, offset } of entries) if (i >= offset && text.startsWith(form, i - offset)) found.add(form);
    }
    for (const [length, forms] of shortByLength) if (i + length <= text.length && forms.has(text.slice(i, i + length))) found.add(text.slice(i, i + length));
  }
  return [...found].sort((a, b) => (wholeOrder.get(a) ?? 0) - (wholeOrder.get(b) ?? 0));
}

/** The forms a secret takes when something quotes it. */
function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const uri = encodeURIComponent(value);
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    uri,
    uri.replace(/%20/g, '+'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
  ];
}

/** A JSON object or array: its structure (`","secret_key":"`) is not secret, its leaves are registered one by one. */
function isStructured(value: string): boolean {
  if (!/^\s*[[{]/.test(value)) return false;
  try {
    return typeof JSON.parse(value) === 'object';
  } catch {
    return false;
  }
}

/**
 * Secrets registered but not indexed yet. Indexing (encoding a value eight ways and hashing every
 * window) is most of what registering costs, about 0.2 ms a secret, and a refresh registers one
 * document and its secrets per S3 key, while most processes never write a log line or an error:
 * so the index is built on the first redaction that needs it. A Set, so that a value registered
 * again before then is indexed once.
 */
const unindexed = new Set<string>();

function index(value: string): void {
  const windows = !isStructured(value);
  for (const form of encodedForms(value)) {
    if (form.length < 4) continue;
    if (windows && form.length >= MIN_SECRET_PIECE) for (let i = 0; i + MIN_SECRET_PIECE <= form.length; i++) pieces.add(WindowSet.hash(form, i));
    else addWhole(form);
  }
}

/**
 * Registers a secret value (a password, a minted S3 secret key, a session cookie...). From now on
 * every log line has each occurrence, encoded or not, whole or in pieces of
 * {@link MIN_SECRET_PIECE}+ characters, replaced with "***". Values shorter than 4 characters are
 * ignored: redacting "a" everywhere would wreck the logs and protect nothing. A JSON document is
 * redacted whole only (callers register the secret strings inside it themselves).
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value.length < 4) return;
  unindexed.add(value);
}

/** Replaces registered secrets in any text (also used for error details that leave the process). */
export function redactText(text: string): string {
  if (unindexed.size > 0) {
    for (const value of unindexed) index(value);
    unindexed.clear();
  }
  let out = text;
  if (pieces.size > 0 && out.length >= MIN_SECRET_PIECE) {
    // Mark every character covered by some window, then collapse each marked run into one "***".
    let marked: Uint8Array | undefined;
    for (let i = 0; i + MIN_SECRET_PIECE <= out.length; i++) {
      if (pieces.has(WindowSet.hash(out, i))) (marked ??= new Uint8Array(out.length)).fill(1, i, i + MIN_SECRET_PIECE);
    }
    if (marked) {
      let rebuilt = '';
      for (let i = 0; i < out.length; i++) {
        if (marked[i] !== 1) rebuilt += out[i];
        else if (i === 0 || marked[i - 1] !== 1) rebuilt += REDACTED;
      }
      out = rebuilt;
    }
  }
  if (wholeOrder.size > 0) for (const s of wholeFormsIn(out)) out = out.split(s).join(REDACTED);
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
