/**
 * What a client's TLS context is given to trust. Loading Node's ~140 built-in root certificates
 * costs OpenSSL ≈ 20 ms of CPU, once in every provider process that talks to the cluster or the
 * secret store (docs/bench.md, round 8), so a context gets them only when it will use them:
 *
 * - verification off (`insecure = true`): nothing, since nothing is checked against it;
 * - a CA bundle (`ca_cert_file`): exactly that bundle, in place of the roots, as the secret store's
 *   `ca_cert_file`, `curl --cacert` and the ported Python plugin's client (httpx `verify=<path>`)
 *   do: the file names the CAs that sign the server's certificate, and a certificate from any other
 *   CA, public or not, is refused;
 * - neither: Node's built-in roots (plus `NODE_EXTRA_CA_CERTS`), Node's default.
 */
export function clientTrust(verify: boolean, bundle: string | undefined): { ca?: string[] } {
  if (!verify) return { ca: [] };
  return bundle === undefined ? {} : { ca: [bundle] };
}
