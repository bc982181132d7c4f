/**
 * Certificates for the simulator's HTTPS listeners: a fresh self-signed CA per run and a server
 * certificate for 127.0.0.1 / localhost / ::1 signed by it. Clients trust the run by pointing
 * `ca_cert_file` at the CA PEM; nothing is added to any system trust store.
 */
import { createCertificate } from '../x509';

export interface SimulatorTls {
  /** The CA certificate, PEM (written to `<dir>/ca.pem`). */
  caPem: string;
  /** The server certificate, PEM. */
  certPem: string;
  /** The server private key, PKCS#8 PEM. Stays in memory. */
  keyPem: string;
}

/** Creates the CA and the loopback server certificate. */
export function createSimulatorTls(): SimulatorTls {
  const ca = createCertificate({ subjectCN: 'cdktf-powerscale simulator CA', isCA: true, keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'], validityDays: 30 });
  const leaf = createCertificate({
    subjectCN: '127.0.0.1',
    sans: { dns: ['localhost'], ip: ['127.0.0.1', '::1'] },
    extKeyUsage: ['serverAuth'],
    validityDays: 30,
    issuer: ca,
  });
  return { caPem: ca.certPem, certPem: leaf.certPem, keyPem: leaf.keyPem };
}
