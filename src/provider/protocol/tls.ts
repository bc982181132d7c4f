/**
 * AutoMTLS, go-plugin style: Terraform passes its client certificate in PLUGIN_CLIENT_CERT; we make
 * a fresh self-signed server certificate (the client pins it from the handshake line, dials with
 * ServerName "localhost"), and accept only connections that present Terraform's certificate.
 *
 * Terraform's certificate is pinned (compared byte for byte after the handshake), not installed as
 * a CA: on Node 20, adding any CA to a secure context first builds OpenSSL's store of Node's ~140
 * bundled root certificates (twice, without NODE_EXTRA_CA_CERTS), about a quarter of a provider
 * start, on every start. With `ca: []` the context gets an empty store; TLS still requests the
 * client's certificate and checks its CertificateVerify signature (proof of the private key), and
 * the pin decides who may talk to us. Stricter than go-plugin's own servers, which also accept a
 * certificate *issued by* Terraform's (it is a CA); Terraform never presents one.
 */
import type { SecureServerOptions } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import { createCertificate } from '../../x509/certificate';

export interface ServerTls {
  /** Options for `http2.createSecureServer`: our key and certificate; the client certificate requested, checked by `acceptsPeer`. */
  options: SecureServerOptions;
  /** Our certificate, DER, for the handshake line. */
  certDer: Buffer;
  /** Whether a connection's client presented exactly Terraform's certificate. */
  acceptsPeer(socket: Pick<TLSSocket, 'getPeerCertificate'>): boolean;
}

/** Builds the server side of AutoMTLS for the client certificate Terraform sent (DER, already parsed once by the caller). */
export function createServerTls(clientCertDer: Buffer): ServerTls {
  // What go-plugin's own servers make (P-256 instead of P-521 is accepted and faster): CA, SAN
  // localhost (Go ignores the CN), serverAuth + clientAuth.
  const cert = createCertificate({
    subjectCN: 'localhost',
    sans: { dns: ['localhost'] },
    isCA: true,
    keyUsage: ['digitalSignature', 'keyCertSign'],
    extKeyUsage: ['serverAuth', 'clientAuth'],
    validityDays: 30,
  });
  return {
    // `ca: []` (not undefined): an absent `ca` makes Node install the bundled root store instead.
    // rejectUnauthorized: false because chain verification against an empty store always fails;
    // the pin below is the check.
    options: { key: cert.keyPem, cert: cert.certPem, ca: [], requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' },
    certDer: cert.certDer,
    acceptsPeer: (socket) => {
      const raw = (socket.getPeerCertificate() as { raw?: unknown }).raw;
      return Buffer.isBuffer(raw) && raw.equals(clientCertDer);
    },
  };
}
