/**
 * Request counters per service and route ("POST /platform/10/protocols/s3/keys/{user}"), for the
 * control API's `GET /stats` and for tests that assert how many calls a client made.
 */

/** Counts for one service. */
export interface ServiceRequestCounts {
  /** All requests the service received, including faulted ones. */
  requests: number;
  /** Requests per `"<METHOD> <route pattern>"`. */
  routes: Record<string, number>;
}

export class RequestStats {
  #services = new Map<string, ServiceRequestCounts>();

  record(service: string, route: string): void {
    let counts = this.#services.get(service);
    if (!counts) {
      counts = { requests: 0, routes: {} };
      this.#services.set(service, counts);
    }
    counts.requests++;
    counts.routes[route] = (counts.routes[route] ?? 0) + 1;
  }

  /** A copy of the counts of one service (zeros when it saw nothing). */
  of(service: string): ServiceRequestCounts {
    const counts = this.#services.get(service);
    return { requests: counts?.requests ?? 0, routes: { ...counts?.routes } };
  }

  reset(): void {
    this.#services.clear();
  }
}
