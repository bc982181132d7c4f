import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ClusterConnection, passwordOf } from './connection';

const CANARY = 'c4n4ry"pa\\ss\'wörd-🔑';

describe('ClusterConnection', () => {
  it('defaults to port 8080 and TLS verification on', () => {
    const connection = new ClusterConnection({ host: 'cluster.example.com', username: 'admin', password: CANARY });
    expect(connection.toJSON()).toEqual({ host: 'cluster.example.com', port: 8080, username: 'admin', verifyTls: true, caCertFile: undefined });
    expect(connection.origin).toBe('https://cluster.example.com:8080');
  });

  it.each([
    ['https://cluster.example.com', 'cluster.example.com', 8080, 'https://cluster.example.com:8080'],
    ['https://cluster.example.com/', 'cluster.example.com', 8080, 'https://cluster.example.com:8080'],
    ['https://10.0.0.1:9443', '10.0.0.1', 9443, 'https://10.0.0.1:9443'],
    ['https://cluster.example.com:443', 'cluster.example.com', 443, 'https://cluster.example.com:443'],
    ['https://[fd00::1]:8080', 'fd00::1', 8080, 'https://[fd00::1]:8080'],
    ['https://[fd00::1]', 'fd00::1', 8080, 'https://[fd00::1]:8080'],
  ])('reads the endpoint %s', (endpoint, host, port, origin) => {
    const connection = ClusterConnection.fromEndpoint({ endpoint, username: 'admin', password: CANARY });
    expect(connection.host).toBe(host);
    expect(connection.port).toBe(port);
    expect(connection.origin).toBe(origin);
  });

  it('turns insecure into verifyTls false and keeps the CA bundle path', () => {
    const connection = ClusterConnection.fromEndpoint({ endpoint: 'https://c', username: 'a', password: CANARY, insecure: true, caCertFile: '/etc/ca.pem' });
    expect(connection.verifyTls).toBe(false);
    expect(connection.caCertFile).toBe('/etc/ca.pem');
  });

  it.each([
    ['http://cluster:8080', /https/],
    ['cluster:8080', /https/],
    ['not a url', /https URL/],
    ['https://cluster:8080/platform', /path/],
    ['https://cluster:8080?x=1', /query/],
  ])('rejects the endpoint %s', (endpoint, message) => {
    expect(() => ClusterConnection.fromEndpoint({ endpoint, username: 'a', password: CANARY })).toThrow(message);
  });

  it('rejects an endpoint with credentials without repeating them', () => {
    let error: unknown;
    try {
      ClusterConnection.fromEndpoint({ endpoint: `https://admin:${encodeURIComponent(CANARY)}@cluster`, username: 'a', password: CANARY });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/credentials/);
    expect(String(error)).not.toContain('c4n4ry');
  });

  it.each([
    [{ host: '', username: 'a', password: 'p' }, /host/],
    [{ host: 'h', port: 0, username: 'a', password: 'p' }, /port/],
    [{ host: 'h', port: 70000, username: 'a', password: 'p' }, /port/],
    [{ host: 'h', username: ' ', password: 'p' }, /username/],
    [{ host: 'h', username: 'a', password: '' }, /password/],
  ])('rejects invalid parts %#', (init, message) => {
    expect(() => new ClusterConnection(init)).toThrow(message);
  });

  it('keeps the password out of JSON, inspect, spread and structured clones', () => {
    const connection = new ClusterConnection({ host: 'h', username: 'a', password: CANARY });
    const renderings = [
      JSON.stringify(connection),
      inspect(connection),
      inspect(connection, { showHidden: true, depth: Infinity }),
      JSON.stringify({ ...connection }),
      JSON.stringify(structuredClone({ ...connection })),
      String(connection),
      Object.keys(connection).join(','),
    ];
    for (const text of renderings) expect(text).not.toContain('c4n4ry');
    expect(passwordOf(connection)).toBe(CANARY);
  });

  it('is immutable', () => {
    const connection = new ClusterConnection({ host: 'h', username: 'a', password: 'p' });
    expect(() => Object.assign(connection, { host: 'evil' })).toThrow(TypeError);
  });
});
