/**
 * `limit` / `resume` paging of PAPI list resources (`AuthGroupsExtended`, `GroupMembers`, ...):
 * `limit` caps one page, the answer carries `resume` while more items remain, and a later call with
 * only `resume` continues. The token is opaque to clients; here it holds the offset, the page size
 * and the query that produced the list. At the end `resume` is left out: the schema types it as a
 * string, never null.
 */
import { aec } from './errors';

interface Cursor {
  offset: number;
  limit: number;
  query: Record<string, string>;
}

/** The schema's bounds of `limit`. */
const MAX_LIMIT = 4294967295;

function decodeResume(token: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (Number.isInteger(value.offset) && Number.isInteger(value.limit) && typeof value.query === 'object' && value.query !== null) return value;
  } catch {
    // fall through to the refusal below
  }
  throw aec('AEC_BAD_REQUEST', 'Invalid resume token.', 'resume');
}

/** The list query of a call: its own arguments, or those carried by `resume`. */
export interface ListQuery {
  /** A query argument of the first call (`zone`, `filter`, ...), also when resuming. */
  get(name: string): string | null;
  /** The page of `items` this call returns, with the `resume` token of the next page if any. */
  page<T>(items: readonly T[]): { items: T[]; resume?: string };
}

/** Reads `limit`/`resume` (400 for a bad value; `resume` cannot be combined with other arguments). */
export function listQuery(url: URL, names: readonly string[]): ListQuery {
  const resume = url.searchParams.get('resume');
  let cursor: Cursor;
  if (resume !== null && resume !== '') {
    const others = [...url.searchParams.keys()].filter((k) => k !== 'resume');
    if (others.length > 0) throw aec('AEC_BAD_REQUEST', `Argument '${others[0]}' cannot be combined with resume.`, others[0]);
    cursor = decodeResume(resume);
  } else {
    const raw = url.searchParams.get('limit');
    const limit = raw === null ? MAX_LIMIT : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw aec('AEC_BAD_REQUEST', `Value '${raw}' for argument 'limit' is not an integer from 1 to ${MAX_LIMIT}.`, 'limit');
    const query: Record<string, string> = {};
    for (const name of names) {
      const value = url.searchParams.get(name);
      if (value !== null) query[name] = value;
    }
    cursor = { offset: 0, limit, query };
  }
  return {
    get: (name) => cursor.query[name] ?? null,
    page<T>(items: readonly T[]) {
      const end = cursor.offset + cursor.limit;
      const slice = items.slice(cursor.offset, end);
      if (end >= items.length) return { items: slice };
      return { items: slice, resume: Buffer.from(JSON.stringify({ ...cursor, offset: end }), 'utf8').toString('base64url') };
    },
  };
}
