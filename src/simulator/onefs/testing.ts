/**
 * Helpers shared by the route tests of each OneFS area (`handlers.test.ts`, `cluster.test.ts`,
 * `zones.test.ts`, `s3-key-routes.test.ts`), so that each area's tests sit next to its module.
 */
import type { InProcessSimulator, TestSession } from '../testing';

export interface PlatformCaller {
  /** `fetch` of `path` on the simulator, with the session's headers when given. */
  call(path: string, session: TestSession | undefined, init?: RequestInit): Promise<Response>;
  /** The `errors` array of a PAPI error envelope. */
  errorsOf(response: Response): Promise<unknown>;
}

export function platformCaller(sim: InProcessSimulator): PlatformCaller {
  return {
    call: (path, session, init = {}) => fetch(`${sim.baseUrl}${path}`, { ...init, headers: { ...session?.headers, ...(init.headers as Record<string, string> | undefined) } }),
    errorsOf: async (response) => ((await response.json()) as { errors: unknown }).errors,
  };
}
