import { TerraformOutput } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { PowerScaleCluster } from './powerscale-cluster';
import { clusterProps, onlyResource, synth } from './test-helpers';

describe('PowerScaleCluster', () => {
  it('creates the provider and a powerscale_cluster resource bound to it', () => {
    const json = synth((scope) => new PowerScaleCluster(scope, 'Cluster', clusterProps));
    expect(json.provider?.powerscale).toHaveLength(1);
    const cluster = onlyResource(json, 'powerscale_cluster');
    expect(cluster.provider).toBe('powerscale');
    expect(cluster).not.toHaveProperty('expected_guid');
  });

  it('passes expectedGuid through as expected_guid', () => {
    const json = synth((scope) => new PowerScaleCluster(scope, 'Cluster', { ...clusterProps, expectedGuid: '000e1e8400000000' }));
    expect(onlyResource(json, 'powerscale_cluster').expected_guid).toBe('000e1e8400000000');
  });

  it('exposes its identity as references to the resource attributes', () => {
    const json = synth((scope) => {
      const cluster = new PowerScaleCluster(scope, 'Cluster', clusterProps);
      new TerraformOutput(scope, 'guid', { value: cluster.guid });
      new TerraformOutput(scope, 'name', { value: cluster.clusterName });
      new TerraformOutput(scope, 'version', { value: cluster.onefsVersion });
    }) as { output?: Record<string, { value: string }> };
    expect(json.output?.guid?.value).toMatch(/^\$\{powerscale_cluster\.[\w-]+\.guid\}$/);
    expect(json.output?.name?.value).toMatch(/\.name\}$/);
    expect(json.output?.version?.value).toMatch(/\.onefs_version\}$/);
  });

  it('binds each of two aliased clusters to its own provider', () => {
    const json = synth((scope) => {
      new PowerScaleCluster(scope, 'East', { ...clusterProps, alias: 'east' });
      new PowerScaleCluster(scope, 'West', { ...clusterProps, endpoint: 'https://west.example.com', alias: 'west' });
    });
    expect(json.provider?.powerscale?.map((p) => p.alias)).toEqual(['east', 'west']);
    const providers = Object.values(json.resource?.powerscale_cluster ?? {}).map((r) => r.provider);
    expect(providers.sort()).toEqual(['powerscale.east', 'powerscale.west']);
  });

  it('fails on an empty expectedGuid', () => {
    expect(() => synth((scope) => new PowerScaleCluster(scope, 'Cluster', { ...clusterProps, expectedGuid: '' }))).toThrow(
      /Cluster: expectedGuid must not be empty/,
    );
  });
});
