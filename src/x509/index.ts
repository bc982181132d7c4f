export { createCertificate, parseCertificate, toPem } from './certificate';
export type { CertificateIssuer, CertificateOptions, CreatedCertificate, ExtKeyUsage, KeyUsage } from './certificate';
