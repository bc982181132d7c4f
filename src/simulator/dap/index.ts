/**
 * Seam for the DAP (Cloudify-style) secret-store simulator. The OneFS side's server
 * (`src/simulator/server.ts`) serves `handlers` over HTTPS next to the OneFS handlers.
 * PLACEHOLDER: the secret-store work replaces this implementation, keeping the signature.
 */
import type { RequestHandler } from 'msw';

export interface DapSimulatorOptions {
  /** Tenant name the simulator accepts (default "default_tenant"). */
  tenant?: string;
}

export interface DapCredentials {
  token: string;
  username: string;
  password: string;
  tenant: string;
}

export interface DapSimulator {
  /** msw handlers; paths are origin-agnostic (`*\/api/v3.1/...`). */
  readonly handlers: RequestHandler[];
  /** Credentials the simulator accepts (written to the credentials file by the CLI). */
  readonly credentials: DapCredentials;
  /** Forget every secret and option (control API `POST /reset`). */
  reset(): void;
  /** Control API `POST /dap/options`: e.g. `{ "oldManager": true }`. Unknown keys are an error. */
  setOptions(options: Record<string, unknown>): void;
  /** Control API `GET /dap/secrets/<key>`: the stored value, for tests. */
  peek(key: string): string | undefined;
}

export function createDapSimulator(_options: DapSimulatorOptions = {}): DapSimulator {
  const credentials: DapCredentials = { token: 'placeholder', username: 'admin', password: 'placeholder', tenant: 'default_tenant' };
  return {
    handlers: [],
    credentials,
    reset() {},
    setOptions() {},
    peek() {
      return undefined;
    },
  };
}
