import { describe, expect, it } from 'vitest';
import { handshakeLine, hasMagicCookie, MAGIC_COOKIE_VALUE, negotiateProtocolVersion, reattachValue } from './handshake';

describe('go-plugin handshake', () => {
  it('treats PLUGIN_PROTOCOL_VERSIONS as a set, in either order', () => {
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '5,6' })).toEqual({ version: 6 });
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '6,5' })).toEqual({ version: 6 });
    expect(negotiateProtocolVersion({})).toEqual({ version: 6 });
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '5' })).toHaveProperty('error');
  });

  it('prints the certificate as unpadded standard base64 of the DER', () => {
    const line = handshakeLine({ version: 6, network: 'unix', address: '/tmp/x/plugin.sock', serverCertDer: Buffer.from([1, 2, 3, 4]) });
    expect(line).toBe('1|6|unix|/tmp/x/plugin.sock|grpc|AQIDBA\n');
    expect(handshakeLine({ version: 6, network: 'unix', address: '/s' })).toBe('1|6|unix|/s|grpc|\n');
  });

  it('recognises only the exact magic cookie', () => {
    expect(hasMagicCookie({ TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE })).toBe(true);
    expect(hasMagicCookie({ TF_PLUGIN_MAGIC_COOKIE: 'x' })).toBe(false);
    expect(hasMagicCookie({})).toBe(false);
  });

  it('builds a TF_REATTACH_PROVIDERS value keyed by the provider address', () => {
    const v = JSON.parse(reattachValue({ pid: 7, network: 'unix', address: '/s', version: 6 })) as Record<string, unknown>;
    expect(v).toEqual({ 'registry.terraform.io/dapcli/powerscale': { Protocol: 'grpc', ProtocolVersion: 6, Pid: 7, Test: true, Addr: { Network: 'unix', String: '/s' } } });
  });
});
