/**
 * Holds every answer of the simulated cluster to the contract (./index), in every test tier: the
 * checked handler sits behind the traffic layer (so injected faults, which tests shape on purpose,
 * are not checked) and in front of the OneFS routes, in-process and behind the HTTPS server alike.
 * It also checks the request bodies our own PAPI client sends (recognised by its User-Agent),
 * since tests send malformed bodies to other callers on purpose.
 *
 * Modes: "record" keeps the mismatches (control API `GET /contract`, `stats().onefs.contractViolations`);
 * "strict" also answers the offending exchange with a 500 naming the mismatch, so that no test
 * can pass over it; "off" checks nothing. The test tiers run strict (vitest.config.ts sets
 * CDKTF_POWERSCALE_SIM_CONTRACT=strict, which child simulators inherit).
 */
import { getResponse, http, type RequestHandler } from 'msw';
import { candidateHandlers } from '../../candidates';
import { requestProblems, responseProblems, withoutPending } from './index';

export type ContractMode = 'record' | 'strict' | 'off';

/** One exchange that broke the contract: where, and what (types and paths only, never values). */
export interface ContractViolation {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly side: 'request' | 'response';
  readonly problems: readonly string[];
}

/** The User-Agent prefix of this project's PAPI client, whose request bodies are checked. */
export const OWN_CLIENT_AGENT = 'cdktf-powerscale';

/** The environment variable that sets the default mode. */
export const CONTRACT_MODE_ENV = 'CDKTF_POWERSCALE_SIM_CONTRACT';

/** The mode `CDKTF_POWERSCALE_SIM_CONTRACT` asks for; "record" when unset or unknown. */
export function contractModeFromEnv(env: NodeJS.ProcessEnv = process.env): ContractMode {
  const value = env[CONTRACT_MODE_ENV];
  return value === 'strict' || value === 'off' ? value : 'record';
}

/** The mismatches seen so far, and the mode. */
export class ContractMonitor {
  mode: ContractMode;
  readonly #violations: ContractViolation[] = [];

  constructor(mode: ContractMode = contractModeFromEnv()) {
    this.mode = mode;
  }

  /** The mismatches since the last `take()`. */
  list(): readonly ContractViolation[] {
    return [...this.#violations];
  }

  /** The mismatches since the last `take()`, forgetting them. */
  take(): ContractViolation[] {
    return this.#violations.splice(0);
  }

  /** Records `violation`; in strict mode, the 500 that replaces the answer. */
  report(violation: ContractViolation): Response | undefined {
    this.#violations.push(violation);
    if (this.mode !== 'strict') return undefined;
    const message = `simulator contract violation (${violation.side} of ${violation.method} ${violation.path}): ${violation.problems.join('; ')}`;
    process.stderr.write(`${message}\n`);
    return Response.json({ errors: [{ code: 'AEC_EXCEPTION', message }] }, { status: 500 });
  }
}

/** `handlers` behind one msw handler that checks each exchange they answer against the contract. */
export function contractChecked(handlers: readonly RequestHandler[], monitor: ContractMonitor): RequestHandler {
  return http.all(
    () => monitor.mode !== 'off',
    async ({ request }) => {
      const url = new URL(request.url);
      const own = (request.headers.get('user-agent') ?? '').startsWith(OWN_CLIENT_AGENT);
      const sent = own && request.method !== 'GET' && request.method !== 'HEAD' ? await request.clone().text() : '';
      const response = await getResponse(candidateHandlers(handlers, request), request);
      if (response === undefined || response.type === 'error') return response;
      if (own && sent !== '') {
        const problems = withoutPending(request.method, url.pathname, requestProblems(request.method, url.pathname, sent));
        if (problems.length > 0) {
          const replaced = monitor.report({ method: request.method, path: url.pathname, status: response.status, side: 'request', problems });
          if (replaced) return replaced;
        }
      }
      const body = await response.clone().text();
      const found = responseProblems({ method: request.method, pathname: url.pathname, status: response.status, contentType: response.headers.get('content-type') ?? '', body });
      const problems = withoutPending(request.method, url.pathname, found);
      if (problems.length === 0) return response;
      return monitor.report({ method: request.method, path: url.pathname, status: response.status, side: 'response', problems }) ?? response;
    },
  );
}
