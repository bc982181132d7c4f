/**
 * Builds X.509 v3 certificates with nothing but `node:crypto`: ECDSA P-256 keys, SHA-256
 * signatures, DER assembled by hand (see ./der). Two callers: the provider's AutoMTLS server
 * certificate (built on every start, so it must cost milliseconds, not a certificate library's
 * load time) and the simulator's CA + leaf certificates for HTTPS on loopback.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { bitString, boolean, children, explicit, octetString, oid, readElement, sequence, set, time, tlv, unsignedInteger, smallInteger, utf8String } from './der';

/** keyUsage bits (RFC 5280 4.2.1.3). */
export type KeyUsage = 'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign';
/** extKeyUsage purposes (RFC 5280 4.2.1.12). */
export type ExtKeyUsage = 'serverAuth' | 'clientAuth';

/** The issuing CA of a certificate: its DER certificate and its private key. */
export interface CertificateIssuer {
  certDer: Uint8Array;
  privateKey: KeyObject;
}

export interface CertificateOptions {
  /** Subject common name (Go and browsers ignore it for host checks; SANs are what count). */
  subjectCN: string;
  /** Subject alternative names: DNS names and IPv4/IPv6 literals. @default - no SAN extension */
  sans?: { dns?: string[]; ip?: string[] };
  /** basicConstraints cA. @default false */
  isCA?: boolean;
  /** @default ['digitalSignature'] plus 'keyCertSign' when isCA */
  keyUsage?: KeyUsage[];
  /** @default - no extKeyUsage extension */
  extKeyUsage?: ExtKeyUsage[];
  /** Validity from now (notBefore is backdated 5 minutes for clock skew). @default 365 */
  validityDays?: number;
  /** The CA that signs this certificate. @default - self-signed */
  issuer?: CertificateIssuer;
}

export interface CreatedCertificate {
  /** The certificate, DER. */
  certDer: Buffer;
  /** The certificate, PEM ("CERTIFICATE"). */
  certPem: string;
  /** The private key, PKCS#8 PEM ("PRIVATE KEY"). */
  keyPem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

const KEY_USAGE_BIT: Record<KeyUsage, number> = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 };

/**
 * Creates a key pair and a certificate for it, self-signed or signed by `options.issuer`.
 * Throws on an invalid IP literal or an issuer certificate that does not parse.
 */
export function createCertificate(options: CertificateOptions): CreatedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const isCA = options.isCA ?? false;
  const subject = name(options.subjectCN);
  const issuerName = options.issuer ? subjectNameOf(options.issuer.certDer) : subject;
  const signingKey = options.issuer ? options.issuer.privateKey : privateKey;
  const issuerKeyId = options.issuer ? keyIdentifier(spkiOf(options.issuer.certDer)) : keyIdentifier(spki);

  const now = Date.now();
  const notBefore = new Date(now - 5 * 60_000);
  const notAfter = new Date(now + (options.validityDays ?? 365) * 86_400_000);
  const algorithm = sequence(oid(OID.ecdsaWithSha256));

  const extensions: Buffer[] = [
    extension(OID.basicConstraints, true, isCA ? sequence(boolean(true)) : sequence()),
    extension(OID.keyUsage, true, keyUsageBits(options.keyUsage ?? (isCA ? ['digitalSignature', 'keyCertSign'] : ['digitalSignature']))),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))),
    extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, issuerKeyId))),
  ];
  if (options.extKeyUsage?.length) {
    extensions.push(extension(OID.extKeyUsage, false, sequence(...options.extKeyUsage.map((u) => oid(OID[u])))));
  }
  const sanNames = [
    ...(options.sans?.dns ?? []).map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
    ...(options.sans?.ip ?? []).map((ip) => tlv(0x87, ipBytes(ip))),
  ];
  if (sanNames.length) extensions.push(extension(OID.subjectAltName, false, sequence(...sanNames)));

  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(serialNumber()),
    algorithm,
    issuerName,
    sequence(time(notBefore), time(notAfter)),
    subject,
    spki,
    explicit(3, sequence(...extensions)),
  );
  // ECDSA signatures from crypto.sign are DER (r, s) SEQUENCEs by default: exactly what X.509 wants.
  const signature = sign('sha256', tbs, signingKey);
  const certDer = sequence(tbs, algorithm, bitString(signature));
  return {
    certDer,
    certPem: toPem('CERTIFICATE', certDer),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
    publicKey,
  };
}

/** PEM armour: base64 in 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Checks that an issuer certificate parses (node:crypto) before we borrow its fields. */
export function parseCertificate(der: Uint8Array): X509Certificate {
  return new X509Certificate(Buffer.from(der));
}

function name(cn: string): Buffer {
  return sequence(set(sequence(oid(OID.commonName), utf8String(cn))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

function keyUsageBits(usages: KeyUsage[]): Buffer {
  let bits = 0;
  let highest = 0;
  for (const u of usages) {
    const bit = KEY_USAGE_BIT[u];
    bits |= 0x80 >> bit;
    highest = Math.max(highest, bit);
  }
  // DER demands the minimal encoding: one byte (all our bits are < 8), trailing zero bits declared unused.
  return bitString(Uint8Array.from([bits]), 7 - highest);
}

function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01; // positive and never a leading zero byte
  return bytes;
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
function keyIdentifier(spki: Buffer): Buffer {
  const [, keyBits] = children(readElement(spki));
  if (!keyBits) throw new Error('x509: malformed SubjectPublicKeyInfo');
  return createHash('sha1').update(keyBits.content.subarray(1)).digest();
}

/** The fields of tbsCertificate, after checking node:crypto can parse the certificate. */
function tbsFields(certDer: Uint8Array) {
  parseCertificate(certDer);
  const [tbs] = children(readElement(Buffer.from(certDer)));
  if (!tbs) throw new Error('x509: malformed certificate');
  const fields = children(tbs);
  // With the [0] version present: version, serial, signature, issuer, validity, subject, spki, ...
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[base + 4];
  const spki = fields[base + 5];
  if (!subject || !spki) throw new Error('x509: malformed tbsCertificate');
  return { subject: subject.raw, spki: spki.raw };
}

function subjectNameOf(certDer: Uint8Array): Buffer {
  return tbsFields(certDer).subject;
}

function spkiOf(certDer: Uint8Array): Buffer {
  return tbsFields(certDer).spki;
}

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map((p) => Number(p)));
  if (isIPv6(ip)) {
    let text = ip;
    const tail: number[] = [];
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4?.[1]) {
      tail.push(...v4[1].split('.').map((p) => Number(p)));
      text = text.slice(0, -v4[1].length) + '0:0';
    }
    const [head = '', rest] = text.split('::');
    const h = head ? head.split(':') : [];
    const r = rest === undefined ? [] : rest ? rest.split(':') : [];
    const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
    const out = Buffer.alloc(16);
    groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
    if (tail.length) Buffer.from(tail).copy(out, 12);
    return out;
  }
  throw new Error(`x509: not an IP address: ${ip}`);
}
