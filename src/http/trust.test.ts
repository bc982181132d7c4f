import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createSecureContext, createServer, rootCertificates, type SecureContext, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate } from '../x509/certificate';
import { clientTrust, createClientSecureContext, RELAYED_EXTRA_CA_CERTS_ENV_VAR } from './trust';

const ca = createCertificate({ subjectCN: 'Cluster CA', isCA: true, keyUsage: ['keyCertSign', 'digitalSignature'] });
const otherCa = createCertificate({ subjectCN: 'Unrelated CA', isCA: true, keyUsage: ['keyCertSign', 'digitalSignature'] });
const leaf = createCertificate({ subjectCN: 'cluster', sans: { dns: ['localhost'] }, extKeyUsage: ['serverAuth'], issuer: ca });

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer({ cert: leaf.certPem, key: leaf.keyPem }, (socket) => socket.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Connects with a context built from `clientTrust(verify, bundle)` (or the one given); resolves with the TLS error code, or 'ok'. */
function handshake(verify: boolean, bundle: string | undefined, context?: SecureContext): Promise<string> {
  return new Promise((resolve) => {
    const secureContext = context ?? createSecureContext(clientTrust(verify, bundle));
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', secureContext, rejectUnauthorized: verify }, () => {
      socket.end();
      resolve('ok');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('clientTrust', () => {
  it('loads nothing when verification is off, exactly the bundle when there is one, else Node’s roots', () => {
    expect(clientTrust(false, undefined)).toEqual({ ca: [] });
    expect(clientTrust(true, ca.certPem)).toEqual({ ca: [ca.certPem] });
    expect(clientTrust(true, undefined)).toEqual({});
  });

  it('accepts a server signed by the bundle, refuses one the bundle did not sign, and verifies nothing when off', async () => {
    expect(await handshake(true, ca.certPem)).toBe('ok');
    expect(await handshake(true, otherCa.certPem)).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
    // Node's roots: none of them signed this CA.
    expect(await handshake(true, undefined)).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
    expect(await handshake(false, undefined)).toBe('ok');
  });

  it("adds the launcher's relayed NODE_EXTRA_CA_CERTS to Node's roots, and only where Node's roots are used", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-'));
    try {
      const file = join(dir, 'extra.pem');
      writeFileSync(file, `${otherCa.certPem}${ca.certPem}`);
      const env = { [RELAYED_EXTRA_CA_CERTS_ENV_VAR]: file };
      expect(clientTrust(true, undefined, ca.certPem)).toEqual({ ca: [...rootCertificates, ca.certPem] });
      expect(await handshake(true, undefined, createClientSecureContext(true, undefined, env))).toBe('ok');
      // A bundle still replaces everything, the relayed file included.
      expect(await handshake(true, otherCa.certPem, createClientSecureContext(true, otherCa.certPem, env))).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
      // Still set: Node read it itself at start-up (a provider started without the launcher).
      expect(await handshake(true, undefined, createClientSecureContext(true, undefined, { ...env, NODE_EXTRA_CA_CERTS: file }))).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
      // As Node does with the variable: a file that cannot be read or holds no certificate is a warning, not an error.
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.message);
      process.on('warning', onWarning);
      try {
        writeFileSync(join(dir, 'garbage.pem'), 'not a certificate');
        for (const bad of [join(dir, 'missing.pem'), join(dir, 'garbage.pem')]) {
          expect(await handshake(true, undefined, createClientSecureContext(true, undefined, { [RELAYED_EXTRA_CA_CERTS_ENV_VAR]: bad }))).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
        }
        await new Promise((r) => setImmediate(r));
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings).toEqual([
        `Ignoring extra certs from ${join(dir, 'missing.pem')} (NODE_EXTRA_CA_CERTS), load failed: ENOENT`,
        `Ignoring extra certs from ${join(dir, 'garbage.pem')} (NODE_EXTRA_CA_CERTS), load failed: no PEM certificate`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
