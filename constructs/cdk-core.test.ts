import * as cdk from 'cdktf';
import { describe, expect, it } from 'vitest';
import { PowerScaleCluster } from './powerscale-cluster';
import { clusterProps } from './test-helpers';

// The `unit-cdktn` project runs every construct test with `cdktf` resolved to `cdktn`; this test
// proves the alias is in effect there (and absent in `unit`), so a green cdktn run means cdktn ran.
const expected = process.env.CDK_CORE_UNDER_TEST === 'cdktn' ? 'cdktn' : 'cdktf';

describe('the CDK core under test', () => {
  it(`is ${expected} in this project, and a cluster belongs to its tree`, () => {
    // TerraformEphemeralResource exists in cdktn 0.24 and not in cdktf 0.21.
    expect('TerraformEphemeralResource' in cdk ? 'cdktn' : 'cdktf').toBe(expected);
    const app = cdk.Testing.app();
    const stack = new cdk.TerraformStack(app, 'stack');
    const cluster = new PowerScaleCluster(stack, 'Cluster', clusterProps);
    expect(cdk.TerraformStack.of(cluster.clusterResource)).toBe(stack);
  });
});
