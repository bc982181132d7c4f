/**
 * PAPI list paging: a list answers at most `limit` items plus a `resume` token while more remain,
 * and the next call passes only that token ("resume cannot be used with other options"). Every
 * list read follows the tokens to the end, so a zone with thousands of users or a group with
 * thousands of members is read whole.
 */
import { BodyReader, PapiDecodeError } from './decode';
import type { PapiApi } from './types';

/** The page size asked for: large enough for few round trips, small enough for PAPI's own limits. */
export const DEFAULT_PAGE_SIZE = 1000;

/** How a list is asked for: the first call's query arguments and page size. */
export interface ListOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * Every item of the list at `path`, decoded from member `key` of each page by `each`. A token that
 * repeats would loop forever on a broken server, so it ends the read with a decode error instead.
 */
export async function listAll<T>(papi: PapiApi, path: string, key: string, each: (item: BodyReader) => T, options: ListOptions = {}): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let query: Record<string, string | number | boolean | undefined> = { ...options.query, limit: options.pageSize ?? DEFAULT_PAGE_SIZE };
  for (;;) {
    const page = BodyReader.of('GET', path, await papi.get(path, { query, signal: options.signal }));
    items.push(...page.objects(key, each));
    const resume = page.optionalString('resume');
    if (resume === null || resume === '') return items;
    if (seen.has(resume)) throw new PapiDecodeError('GET', path, 'resume', 'a token not seen before in this listing');
    seen.add(resume);
    query = { resume };
  }
}
