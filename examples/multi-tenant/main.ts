/**
 * Multi-tenant: one S3 key per (zone, user) from the typed tenant list in `tenants.ts`, with
 * per-tenant rotation triggers and grace periods. Outputs map `<zone>/<user>` to the access id and
 * to the secret name. Run it with `npx cdktn synth` in this directory (its own cdktf.json; cdktn-cli
 * needs Node 22.19 or newer). On CDKTF 0.21, import from 'cdktf' and 'cdktf-powerscale/constructs'
 * instead (see ../quickstart/main.ts).
 */
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { PowerScaleCluster, S3Key } from 'cdktf-powerscale/cdktn';
import { loadClusterProps, stateFilePath } from '../shared/cluster-config';
import { tenants, type Tenant } from './tenants';

class MultiTenantStack extends TerraformStack {
  constructor(scope: Construct, id: string, tenantList: readonly Tenant[]) {
    super(scope, id);
    new LocalBackend(this, { path: stateFilePath(this, id) });
    const cluster = new PowerScaleCluster(this, 'Cluster', loadClusterProps(this, fileURLToPath(new URL('cluster.json', import.meta.url))));

    const accessIds: Record<string, string> = {};
    const secretNames: Record<string, string> = {};
    for (const tenant of tenantList) {
      for (const user of tenant.users) {
        const key = new S3Key(this, `${tenant.zone}-${user}`, {
          cluster,
          zone: tenant.zone,
          user,
          secretName: `s3-${tenant.zone.toLowerCase()}-${user}`,
          existingKeyExpiryMinutes: tenant.existingKeyExpiryMinutes,
          rotationTriggers: { rotated_on: tenant.rotatedOn },
        });
        accessIds[`${tenant.zone}/${user}`] = key.accessId;
        secretNames[`${tenant.zone}/${user}`] = key.secretName;
      }
    }
    new TerraformOutput(this, 'access_ids', { value: accessIds });
    new TerraformOutput(this, 'secret_names', { value: secretNames });
  }
}

const app = new App();
new MultiTenantStack(app, 'multi-tenant', tenants);
app.synth();
