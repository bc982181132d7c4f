/**
 * Multi-tenant: two stacks with their own state, as a platform team splits what changes often from
 * what changes rarely.
 *
 * - `tenants`: one S3 key per (zone, user) from the typed tenant list in `tenants.ts`, with
 *   per-tenant rotation triggers and grace periods. Outputs map `<zone>/<user>` to the access id and
 *   to the secret name.
 * - `cluster-settings`: the cluster's identity record (GUID, name, OneFS version), the home of
 *   cluster-wide settings; a change to tenants never plans anything here.
 *
 * Run it with `npx cdktn synth` in this directory (its own cdktf.json; cdktn-cli needs Node 22.19 or
 * newer), or preview both stacks for a pull request with `npx cdktf-powerscale preview`. On CDKTF
 * 0.21, import from 'cdktf' and 'cdktf-powerscale/constructs' instead (see ../quickstart/main.ts).
 * Each stack keeps its state in `terraform.<stack>.tfstate` (in the directory of context `stateFile`
 * when that is set).
 */
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PowerScaleCluster, S3Key } from 'cdktf-powerscale/cdktn';
import { loadClusterProps, stateFilePath } from '../shared/cluster-config';
import { tenantsFor, type Tenant } from './tenants';

const CLUSTER_JSON = fileURLToPath(new URL('cluster.json', import.meta.url));

/** One state file per stack, side by side: two stacks must never share one. */
function stackStateFile(scope: Construct, stack: string): string {
  return join(dirname(stateFilePath(scope, stack)), `terraform.${stack}.tfstate`);
}

class TenantsStack extends TerraformStack {
  constructor(scope: Construct, id: string, tenantList: readonly Tenant[]) {
    super(scope, id);
    new LocalBackend(this, { path: stackStateFile(this, id) });
    const cluster = new PowerScaleCluster(this, 'Cluster', loadClusterProps(this, CLUSTER_JSON));

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

class ClusterSettingsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: stackStateFile(this, id) });
    const cluster = new PowerScaleCluster(this, 'Cluster', loadClusterProps(this, CLUSTER_JSON));
    new TerraformOutput(this, 'cluster_guid', { value: cluster.guid });
    new TerraformOutput(this, 'onefs_version', { value: cluster.onefsVersion });
  }
}

const app = new App();
new TenantsStack(app, 'tenants', tenantsFor(app));
new ClusterSettingsStack(app, 'cluster-settings');
app.synth();
