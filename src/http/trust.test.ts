import { connect, createSecureContext, createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate } from '../x509/certificate';
import { clientTrust } from './trust';

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

/** Connects with a context built from `clientTrust(verify, bundle)`; resolves with the TLS error code, or 'ok'. */
function handshake(verify: boolean, bundle: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', secureContext: createSecureContext(clientTrust(verify, bundle)), rejectUnauthorized: verify }, () => {
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
});
