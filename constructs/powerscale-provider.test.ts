import { TerraformVariable } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { PowerScaleProvider } from './powerscale-provider';
import { SecretStore } from './secret-store';
import { ConstructValidationError } from './validation-error';
import { clusterProps, synth } from './test-helpers';

describe('PowerScaleProvider', () => {
  it('requires dapcli/powerscale ~> 0.1 under the local name powerscale', () => {
    const json = synth((scope) => new PowerScaleProvider(scope, 'P', clusterProps));
    expect(json.terraform?.required_providers?.powerscale).toEqual({ source: 'dapcli/powerscale', version: '~> 0.1' });
  });

  it('writes the provider attributes with their Terraform names', () => {
    const json = synth(
      (scope) =>
        new PowerScaleProvider(scope, 'P', {
          ...clusterProps,
          caCertFile: '/etc/ca.pem',
          timeoutSeconds: 30,
          secretStore: SecretStore.dap({ url: 'https://dap.example.com', tenant: 'acme', credentialsFile: '/run/dap.json', caCertFile: '/etc/dap-ca.pem' }),
        }),
    );
    expect(json.provider?.powerscale).toEqual([
      {
        endpoint: 'https://cluster.example.com:8080',
        username: 'admin',
        password_file: '/run/secrets/onefs-password',
        ca_cert_file: '/etc/ca.pem',
        timeout_seconds: 30,
        secret_store: { type: 'dap', url: 'https://dap.example.com', tenant: 'acme', credentials_file: '/run/dap.json', ca_cert_file: '/etc/dap-ca.pem' },
      },
    ]);
  });

  it('writes a file secret store with only the keys that were given', () => {
    const json = synth((scope) => new PowerScaleProvider(scope, 'P', { ...clusterProps, secretStore: SecretStore.file({ path: '/var/lib/secrets' }) }));
    expect(json.provider?.powerscale?.[0]?.secret_store).toEqual({ type: 'file', path: '/var/lib/secrets' });
  });

  it('emits an alias when one is given', () => {
    const json = synth((scope) => new PowerScaleProvider(scope, 'P', { ...clusterProps, alias: 'east' }));
    expect(json.provider?.powerscale?.[0]?.alias).toBe('east');
  });

  it('accepts a password given as a token and writes the reference, not a value', () => {
    const json = synth((scope) => {
      const pw = new TerraformVariable(scope, 'pw', { type: 'string', sensitive: true });
      new PowerScaleProvider(scope, 'P', { endpoint: clusterProps.endpoint, username: 'admin', password: pw.stringValue });
    });
    expect(json.provider?.powerscale?.[0]?.password).toBe('${var.pw}');
  });

  it('fails on a literal password without echoing it', () => {
    let caught: unknown;
    try {
      synth((scope) => new PowerScaleProvider(scope, 'P', { endpoint: clusterProps.endpoint, username: 'admin', password: 'canary-s3cr3t' }));
    } catch (err) {
      caught = err;
    }
    expect(ConstructValidationError.isConstructValidationError(caught)).toBe(true);
    const err = caught as ConstructValidationError;
    expect(err.code).toBe('ProviderLiteralPassword');
    expect(err.message).toMatch(/password must be a token .* use passwordFile or passwordSecret instead/);
    expect(err.message).not.toContain('canary-s3cr3t');
  });

  it('fails when no password source is given', () => {
    expect(() => synth((scope) => new PowerScaleProvider(scope, 'P', { endpoint: clusterProps.endpoint, username: 'admin' }))).toThrow(
      /exactly one of passwordFile, passwordSecret or password must be set, but none was given/,
    );
  });

  it('fails when two password sources are given', () => {
    expect(() => synth((scope) => new PowerScaleProvider(scope, 'P', { ...clusterProps, passwordSecret: 'onefs-admin' }))).toThrow(
      /but passwordFile and passwordSecret were given/,
    );
  });

  it('fails on an endpoint that is not https, naming the value given', () => {
    expect(() => synth((scope) => new PowerScaleProvider(scope, 'P', { ...clusterProps, endpoint: 'http://cluster:8080' }))).toThrow(
      /endpoint must be an https:\/\/ URL .* but "http:\/\/cluster:8080" was given/,
    );
  });

  it('fails on an endpoint holding credentials without echoing them', () => {
    for (const endpoint of ['https://admin:canary-pw@cluster:8080', 'admin:canary-pw@cluster:8080']) {
      let message = '';
      try {
        synth((scope) => new PowerScaleProvider(scope, 'P', { ...clusterProps, endpoint }));
      } catch (err) {
        message = err instanceof Error ? err.message : '';
      }
      expect(message).toMatch(/endpoint must (not contain credentials|be an https:\/\/ URL)/);
      expect(message).not.toContain('canary-pw');
    }
  });

  it('fails on a timeout outside 1..3600 seconds', () => {
    expect(() => synth((scope) => new PowerScaleProvider(scope, 'P', { ...clusterProps, timeoutSeconds: 0 }))).toThrow(
      /timeoutSeconds must be a whole number of seconds from 1 to 3600, but 0 was given/,
    );
  });

  it('skips validation of an endpoint given as a token', () => {
    const json = synth((scope) => {
      const endpoint = new TerraformVariable(scope, 'endpoint', { type: 'string' });
      new PowerScaleProvider(scope, 'P', { ...clusterProps, endpoint: endpoint.stringValue });
    });
    expect(json.provider?.powerscale?.[0]?.endpoint).toBe('${var.endpoint}');
  });

  it('fails when insecure is combined with a CA file', () => {
    expect(() => synth((scope) => new PowerScaleProvider(scope, 'P', { ...clusterProps, insecure: true, caCertFile: '/etc/ca.pem' }))).toThrow(
      /insecure = true and caCertFile contradict each other, but both were given; set one/,
    );
  });

  it('writes insecure = false when given explicitly', () => {
    const json = synth((scope) => new PowerScaleProvider(scope, 'P', { ...clusterProps, insecure: false }));
    expect(json.provider?.powerscale?.[0]?.insecure).toBe(false);
  });

  it('prefixes errors with the construct path', () => {
    expect(() => synth((scope) => new PowerScaleProvider(scope, 'Prod', { ...clusterProps, username: ' ' }))).toThrow(/Prod: username must not be empty/);
  });
});
