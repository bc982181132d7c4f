/**
 * What a client's TLS context is given to trust. Adding Node's ~140 built-in root certificates to
 * a context costs OpenSSL ≈ 20-40 ms of CPU, in every provider process that talks to the cluster
 * or the secret store (docs/bench.md, round 8), so a context gets them only when it will use them.
 * (Node 20 also builds its process-wide root store, ≈ 20 ms, the first time any CA certificate is
 * added to any context, a bundle included: only `insecure` avoids that; round 9.)
 *
 * - verification off (`insecure = true`): nothing, since nothing is checked against it;
 * - a CA bundle (`ca_cert_file`): exactly that bundle, in place of the roots, as the secret store's
 *   `ca_cert_file`, `curl --cacert` and the ported Python plugin's client (httpx `verify=<path>`)
 *   do: the file names the CAs that sign the server's certificate, and a certificate from any other
 *   CA, public or not, is refused;
 * - neither: Node's built-in roots plus the certificates of `NODE_EXTRA_CA_CERTS`, Node's default.
 *   The installed launcher hands that variable over as {@link RELAYED_EXTRA_CA_CERTS_ENV_VAR}
 *   (Node would parse the file at the start of every provider process, ≈ 40 ms, where only the
 *   processes that talk to a server use it), and this is where those certificates come back.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

/** Where the installed launcher puts `NODE_EXTRA_CA_CERTS` before it starts Node (src/cli/install-provider/install.ts). */
export const RELAYED_EXTRA_CA_CERTS_ENV_VAR = 'POWERSCALE_NODE_EXTRA_CA_CERTS';

/** The options for `tls.createSecureContext`; `extraCaPem`: certificates to trust beside Node's roots when there is no bundle. */
export function clientTrust(verify: boolean, bundle: string | undefined, extraCaPem?: string): { ca?: string[] } {
  if (!verify) return { ca: [] };
  if (bundle !== undefined) return { ca: [bundle] };
  return extraCaPem === undefined ? {} : { ca: [...rootCertificates, extraCaPem] };
}

/**
 * The TLS context of a client, per {@link clientTrust}, with the relayed `NODE_EXTRA_CA_CERTS`
 * when the launcher relayed it. As Node does with that variable, a file that cannot be read or
 * parsed is reported as a warning and left out, never an error.
 * @throws Error when `bundle` holds no certificate that can be parsed (the caller names its file).
 */
export function createClientSecureContext(verify: boolean, bundle: string | undefined, env: NodeJS.ProcessEnv = process.env): SecureContext {
  const relayed = env[RELAYED_EXTRA_CA_CERTS_ENV_VAR];
  // Node loaded NODE_EXTRA_CA_CERTS itself when it is still set (a provider started by hand).
  if (!verify || bundle !== undefined || relayed === undefined || relayed === '' || env.NODE_EXTRA_CA_CERTS) return createSecureContext(clientTrust(verify, bundle));
  let problem: string;
  try {
    const pem = readFileSync(relayed, 'utf8');
    // OpenSSL skips text that holds no PEM block without a word.
    if (pem.includes('-----BEGIN CERTIFICATE-----')) return createSecureContext(clientTrust(verify, bundle, pem));
    problem = 'no PEM certificate';
  } catch (error) {
    problem = (error as NodeJS.ErrnoException).code ?? 'a certificate that cannot be parsed';
  }
  process.emitWarning(`Ignoring extra certs from ${relayed} (NODE_EXTRA_CA_CERTS), load failed: ${problem}`);
  return createSecureContext(clientTrust(verify, bundle));
}
