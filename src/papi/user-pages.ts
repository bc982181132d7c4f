/**
 * The names of a zone's users, page by page (`GET /platform/1/auth/users?zone=Z&limit=N`, then
 * `?resume=<token>` alone until the answer has no `resume`): what `discover` walks to find S3 keys,
 * which PAPI can only look up per user. A page at a time, so that a zone with tens of thousands of
 * users never sits in memory at once and the caller can report progress.
 *
 * Only names are decoded: discovery needs nothing else, and a user body with members this client
 * does not know must not stop it.
 */
import { BodyReader } from './decode';
import type { PapiApi } from './types';

/** The users list (served at every PAPI version since 1). */
export const AUTH_USERS_PATH = '/platform/1/auth/users';

/** Users asked for per request. */
export const USER_PAGE_LIMIT = 1000;

/** Options of {@link userNamePages}. */
export interface UserNamePagesOptions {
  /** Page size. @default USER_PAGE_LIMIT */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/**
 * Yields the user names of `zone`, one array per page, following `resume` to the end. A resume
 * token is sent alone: OneFS refuses it combined with other arguments. A cluster that repeats a
 * token it already gave fails the walk rather than looping forever.
 */
export async function* userNamePages(papi: PapiApi, zone: string, options: UserNamePagesOptions = {}): AsyncGenerator<string[]> {
  let query: Record<string, string | number> = { zone, limit: options.limit ?? USER_PAGE_LIMIT };
  const seen = new Set<string>();
  for (;;) {
    const page = BodyReader.of('GET', AUTH_USERS_PATH, await papi.get(AUTH_USERS_PATH, { query, signal: options.signal }));
    yield page.objects('users', (u) => u.string('name'));
    const resume = page.optionalString('resume');
    if (resume === null || resume === '') return;
    if (seen.has(resume)) throw new Error(`GET ${AUTH_USERS_PATH}: the cluster repeated a resume token; the user list cannot be walked to its end`);
    seen.add(resume);
    query = { resume };
  }
}
