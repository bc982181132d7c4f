import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createCertificate } from './certificate';
import { time } from './der';

describe('createCertificate', () => {
  it('makes a self-signed CA certificate that node:crypto parses and verifies', () => {
    const c = createCertificate({ subjectCN: 'localhost', sans: { dns: ['localhost'] }, isCA: true, extKeyUsage: ['serverAuth', 'clientAuth'], validityDays: 1 });
    const x = new X509Certificate(c.certPem);
    expect(x.verify(c.publicKey)).toBe(true);
    expect(x.ca).toBe(true);
    expect(x.subject).toBe('CN=localhost');
    expect(x.issuer).toBe('CN=localhost');
    expect(x.subjectAltName).toBe('DNS:localhost');
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(new Date(x.validTo).getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(new Date(x.validFrom).getTime()).toBeLessThan(Date.now());
    expect(Buffer.compare(x.raw, c.certDer)).toBe(0);
    expect(c.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('issues a leaf for 127.0.0.1 and localhost that verifies against its CA', () => {
    const ca = createCertificate({ subjectCN: 'test CA', isCA: true, keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'] });
    const leaf = createCertificate({ subjectCN: '127.0.0.1', sans: { dns: ['localhost'], ip: ['127.0.0.1', '::1'] }, extKeyUsage: ['serverAuth'], issuer: ca });
    const x = new X509Certificate(leaf.certPem);
    const caX = new X509Certificate(ca.certPem);
    expect(x.verify(ca.publicKey)).toBe(true);
    expect(x.verify(leaf.publicKey)).toBe(false);
    expect(x.checkIssued(caX)).toBe(true);
    expect(x.ca).toBe(false);
    expect(x.issuer).toBe('CN=test CA');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.checkIP('::1')).toBe('::1');
    expect(x.checkHost('localhost')).toBe('localhost');
  });

  it('gives certificates that a real TLS handshake with client authentication accepts', async () => {
    const ca = createCertificate({ subjectCN: 'test CA', isCA: true });
    const server = createCertificate({ subjectCN: 'server', sans: { dns: ['localhost'], ip: ['127.0.0.1'] }, extKeyUsage: ['serverAuth'], issuer: ca });
    const client = createCertificate({ subjectCN: 'client', isCA: true, extKeyUsage: ['clientAuth', 'serverAuth'], sans: { dns: ['localhost'] } });
    const srv = createServer({ key: server.keyPem, cert: server.certPem, ca: client.certPem, requestCert: true, rejectUnauthorized: true }, (s) => s.end('ok'));
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const { port } = srv.address() as AddressInfo;
    try {
      const sock = connect({ host: '127.0.0.1', port, ca: ca.certPem, key: client.keyPem, cert: client.certPem, servername: 'localhost' });
      let body = '';
      sock.on('data', (d: Buffer) => (body += d.toString()));
      await once(sock, 'end');
      expect(sock.authorized).toBe(true);
      expect(body).toBe('ok');
    } finally {
      srv.close();
    }
  });
});

describe('time', () => {
  it.each([
    ['2026-01-02T03:04:05.678Z', 0x17, '260102030405Z'],
    ['1999-12-31T23:59:59.999Z', 0x17, '991231235959Z'],
    ['2049-12-31T23:59:59.000Z', 0x17, '491231235959Z'],
    ['2050-01-01T00:00:00.000Z', 0x18, '20500101000000Z'],
  ])('encodes %s as UTCTime before 2050 and GeneralizedTime from then on, seconds, UTC', (iso, tag, text) => {
    const der = time(new Date(iso));
    expect(der[0]).toBe(tag);
    expect(der.subarray(2).toString('ascii')).toBe(text);
  });
});
