/**
 * Quickstart: one cluster, an S3 key for each of two tenants, and outputs of their access ids and
 * secret names (never the secrets: those are in the secret store). The root `cdktf.json` runs this
 * app. The cluster comes from `cluster.json` beside this file, or from cdktf context (see
 * `../shared/cluster-config.ts`).
 *
 * Written for CDK Terrain (cdktn 0.24, the maintained fork). On CDKTF 0.21 the code is the same
 * with the two CDK imports changed:
 *   import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
 *   import { PowerScaleCluster, S3Key } from 'cdktf-powerscale/constructs';
 */
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { PowerScaleCluster, S3Key } from 'cdktf-powerscale/cdktn';
import { loadClusterProps, stateFilePath } from '../shared/cluster-config';

class QuickstartStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: stateFilePath(this, id) });
    const cluster = new PowerScaleCluster(this, 'Cluster', loadClusterProps(this, fileURLToPath(new URL('cluster.json', import.meta.url))));
    for (const user of ['alice', 'bob']) {
      // Change rotated_on (here, or with the context value "rotatedOn") to rotate both keys in place.
      const rotatedOn = (this.node.tryGetContext('rotatedOn') as string | undefined) ?? '2026-11-01';
      const key = new S3Key(this, `${user}-key`, { cluster, user, existingKeyExpiryMinutes: 60, rotationTriggers: { rotated_on: rotatedOn } });
      new TerraformOutput(this, `${user}_access_id`, { value: key.accessId });
      new TerraformOutput(this, `${user}_secret_name`, { value: key.secretName });
    }
  }
}

const app = new App();
new QuickstartStack(app, 'quickstart');
app.synth();
