/**
 * AutoMTLS, go-plugin style: Terraform passes its client certificate in PLUGIN_CLIENT_CERT; we make
 * a fresh self-signed server certificate (the client pins it from the handshake line, dials with
 * ServerName "localhost"), and accept only connections that present Terraform's certificate.
 */
import type { SecureServerOptions } from 'node:http2';
import { createCertificate } from '../../x509/certificate';

export interface ServerTls {
  /** Options for `http2.createSecureServer`: our key and certificate, Terraform's certificate as the only CA. */
  options: SecureServerOptions;
  /** Our certificate, DER, for the handshake line. */
  certDer: Buffer;
}

/** Builds the server side of AutoMTLS for the client certificate Terraform sent (PEM). */
export function createServerTls(clientCertPem: string): ServerTls {
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
    options: { key: cert.keyPem, cert: cert.certPem, ca: clientCertPem, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    certDer: cert.certDer,
  };
}
