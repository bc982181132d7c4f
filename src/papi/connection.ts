/**
 * Where a cluster is and how to log in to it (port of the seed's `ClusterConnection` dataclass).
 * The password never lives on the object: it sits in a module-private WeakMap, so no
 * `JSON.stringify`, `util.inspect`, spread or structured clone of a connection can reveal it.
 */

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
const passwords = new WeakMap<ClusterConnection, string>();

/** PAPI's port on every OneFS cluster. */
export const DEFAULT_PAPI_PORT = 8080;

/** What a {@link ClusterConnection} is built from. */
export interface ClusterConnectionInit {
  /** Host name or IP address of a node or SmartConnect name (IPv6 without brackets is accepted). */
  host: string;
  /** @default 8080 */
  port?: number;
  /** OneFS user that logs in; needs the PAPI login privilege. */
  username: string;
  /** The user's password. Kept out of every serialisation of the connection. */
  password: string;
  /**
   * Verify the cluster's TLS certificate. Turning it off (`insecure`) trusts any certificate,
   * including an attacker's.
   * @default true
   */
  verifyTls?: boolean;
  /** A PEM file of the CA certificates that sign the cluster's certificate, trusted in place of Node's built-in roots (src/http/trust.ts). Read on first use. */
  caCertFile?: string;
}

/** The provider's view of a connection: an endpoint URL instead of host and port. */
export interface ClusterEndpointInit {
  /** `https://host[:port]`; the port defaults to 8080; no path, query, fragment or credentials. */
  endpoint: string;
  username: string;
  password: string;
  /** Skip TLS verification. @default false */
  insecure?: boolean;
  caCertFile?: string;
}

/** Cluster address, user and TLS settings; the password is only reachable by the PAPI client. */
export class ClusterConnection {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly verifyTls: boolean;
  readonly caCertFile: string | undefined;

  /** @throws TypeError on an empty host or username, a port outside 1..65535 or an empty password. */
  constructor(init: ClusterConnectionInit) {
    const host = init.host.trim().replace(/^\[(.*)\]$/, '$1');
    if (host === '' || /[\s/?#@]/.test(host)) throw new TypeError('cluster host must be a host name or an IP address');
    const port = init.port ?? DEFAULT_PAPI_PORT;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError('cluster port must be an integer in 1..65535');
    if (init.username.trim() === '') throw new TypeError('cluster username must not be empty');
    if (init.password === '') throw new TypeError('cluster password must not be empty');
    this.host = host;
    this.port = port;
    this.username = init.username;
    this.verifyTls = init.verifyTls ?? true;
    this.caCertFile = init.caCertFile;
    passwords.set(this, init.password);
    Object.freeze(this);
  }

  /**
   * Builds a connection from the provider's `endpoint` URL.
   * @throws TypeError when the endpoint is not `https://host[:port][/]`. The message never repeats
   * the endpoint, because a mistyped one may carry credentials (`https://user:pw@host`).
   */
  static fromEndpoint(init: ClusterEndpointInit): ClusterConnection {
    const { host, port } = parseEndpoint(init.endpoint);
    return new ClusterConnection({
      host,
      port,
      username: init.username,
      password: init.password,
      verifyTls: !(init.insecure ?? false),
      caCertFile: init.caCertFile,
    });
  }

  /** `https://host:port`: the base of every request URL and the `Referer` OneFS's CSRF check wants. */
  get origin(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `https://${host}:${this.port}`;
  }

  /** Everything but the password. */
  toJSON(): { host: string; port: number; username: string; verifyTls: boolean; caCertFile: string | undefined } {
    return { host: this.host, port: this.port, username: this.username, verifyTls: this.verifyTls, caCertFile: this.caCertFile };
  }

  [inspectCustom](): string {
    return `ClusterConnection ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * The password of a connection. Internal to `src/papi` (not re-exported from the package index):
 * only the session layer needs it, to build the login body.
 */
export function passwordOf(connection: ClusterConnection): string {
  const password = passwords.get(connection);
  if (password === undefined) throw new TypeError('not a ClusterConnection');
  return password;
}

function parseEndpoint(endpoint: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new TypeError('endpoint must be an https URL such as https://cluster.example.com:8080');
  }
  if (url.protocol !== 'https:') throw new TypeError('endpoint must use https (PAPI is only served over TLS)');
  if (url.username !== '' || url.password !== '') throw new TypeError('endpoint must not contain credentials; use username and password');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new TypeError('endpoint must not have a path, query or fragment: use https://host[:port]');
  }
  // URL drops a default port (":443" becomes ""), so an explicit 443 is read from the text.
  const explicit443 = /^https:\/\/(\[[^\]]*\]|[^/:?#]*):443(?:[/?#]|$)/i.test(endpoint.trim());
  const port = url.port !== '' ? Number(url.port) : explicit443 ? 443 : DEFAULT_PAPI_PORT;
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}
