/**
 * Reading OneFS error bodies. The envelope is `{"errors":[{"code":"AEC_…","message":"…"}]}`, but
 * clients meet much else in the wild: `{"errors":[]}`, `{}`, a top-level `{"message":…}` on login
 * refusals, `code`-less auth errors, Apache's HTML pages and empty bodies (onefs-papi.md §2.7, §3.1).
 */

/** What {@link extractAec} found. */
export interface AecSummary {
  /** The `AEC_*` code of the first usable error; undefined when the body has none. */
  code: string | undefined;
  /** A non-empty, single-line message of at most {@link MAX_MESSAGE_LENGTH} characters. */
  message: string;
}

/** Longer cluster messages are cut, so a runaway body cannot flood a log or a diagnostic. */
export const MAX_MESSAGE_LENGTH = 500;

// A small table instead of node:http's STATUS_CODES keeps this module free of Node imports.
const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  416: 'Range Not Satisfiable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** `HTTP 503 Service Unavailable`, or `HTTP 599` for a status without a known reason phrase. */
export function httpFallbackMessage(status: number): string {
  const reason = REASONS[status];
  return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`;
}

/**
 * The first error's code and message from a OneFS error body.
 *
 * `body` may be the raw text (it is parsed here) or an already-parsed value. The first entry of
 * `errors` that carries a non-empty string `message` wins; its `code` is kept only when it is a
 * string. A top-level string `message` (login refusals) is used when there is no usable `errors`
 * entry. Anything else (empty, non-JSON, HTML, `errors: []`, `{}`, arrays, numbers) yields
 * `code: undefined` and `HTTP <status> <reason>`. Never throws.
 */
export function extractAec(body: unknown, status: number): AecSummary {
  try {
    const parsed = typeof body === 'string' ? parseJson(body) : body;
    return fromEnvelope(parsed) ?? { code: undefined, message: httpFallbackMessage(status) };
  } catch {
    // Defensive: a getter on a hand-built object could throw; the contract is "never throws".
    return { code: undefined, message: httpFallbackMessage(status) };
  }
}

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  // Only objects can be envelopes; skipping JSON.parse for HTML and plain text is also cheaper.
  if (!trimmed.startsWith('{')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

function fromEnvelope(value: unknown): AecSummary | undefined {
  if (!isRecord(value)) return undefined;
  if (Array.isArray(value.errors)) {
    for (const entry of value.errors as unknown[]) {
      if (!isRecord(entry)) continue;
      const message = cleanMessage(entry.message);
      if (message === undefined) continue;
      return { code: cleanCode(entry.code), message };
    }
  }
  const message = cleanMessage(value.message);
  if (message !== undefined) return { code: cleanCode(value.code), message };
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function cleanMessage(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // A lone surrogate (JSON allows "\ud800") becomes U+FFFD here rather than garbage further on;
  // NEL (U+0085) is a line break to Unicode but not whitespace to \s.
  // Other control and format characters (ESC sequences, bidi overrides and isolates U+202A-E and
  // U+2066-9, zero-width marks) are dropped: a cluster that echoes a name must not be able to
  // recolour, reorder or hide text in the user's terminal.
  const oneLine = value
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/[\s\u0085]+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  if (oneLine === '') return undefined;
  if (oneLine.length <= MAX_MESSAGE_LENGTH) return oneLine;
  // Never cut between the two halves of a surrogate pair (an emoji, say).
  const cut = oneLine.slice(0, MAX_MESSAGE_LENGTH - 1);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

// Real codes are symbols like AEC_NOT_FOUND; anything else (the SDK's bogus integer codes, free
// text) is not a code a caller could switch on.
function cleanCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(value) ? value : undefined;
}
