/**
 * How the examples find their cluster: a small JSON document, from cdktf context or a file, so that
 * the same app runs against a real cluster or the simulator (`npm run demo` points it at the
 * simulator through context). Credentials are never in it: only the path of a password file.
 *
 * Lookup order:
 * 1. context `powerscale`: the document itself (an object), e.g. in a cdktf.json `context`;
 * 2. context `powerscaleConfigFile`: the path of a JSON file holding the document;
 * 3. the example's own `cluster.json`.
 *
 * Context `stateFile` sets the local backend's state path (default `terraform.<stack>.tfstate` in the
 * directory cdktf runs from).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Construct } from 'constructs';
// The cdktn build, like the apps; a CDKTF 0.21 app imports the same names from 'cdktf-powerscale/constructs'.
import { SecretStore, type PowerScaleClusterProps } from 'cdktf-powerscale/cdktn';

/** The connection document, as written in JSON. */
export interface ClusterConfigDocument {
  readonly endpoint: string;
  readonly username: string;
  readonly passwordFile: string;
  readonly caCertFile?: string;
  readonly insecure?: boolean;
  readonly expectedGuid?: string;
  /** `{ "type": "file", "path": "..." }` or `{ "type": "dap", "url", "tenant", "credentialsFile", "caCertFile" }`. */
  readonly secretStore?: { readonly type: 'file'; readonly path?: string } | { readonly type: 'dap'; readonly url: string; readonly tenant?: string; readonly credentialsFile: string; readonly caCertFile?: string };
}

/** Reads the connection document for `scope` and turns it into cluster props. */
export function loadClusterProps(scope: Construct, defaultFile: string): PowerScaleClusterProps {
  const doc = parseDocument(readDocument(scope, defaultFile));
  const store = doc.secretStore;
  return {
    endpoint: doc.endpoint,
    username: doc.username,
    passwordFile: doc.passwordFile,
    caCertFile: doc.caCertFile,
    insecure: doc.insecure,
    expectedGuid: doc.expectedGuid,
    secretStore:
      store === undefined
        ? undefined
        : store.type === 'file'
          ? SecretStore.file({ path: store.path })
          : SecretStore.dap({ url: store.url, tenant: store.tenant, credentialsFile: store.credentialsFile, caCertFile: store.caCertFile }),
  };
}

/** The state file of `stack`: context `stateFile`, else `terraform.<stack>.tfstate` in the cwd. */
export function stateFilePath(scope: Construct, stack: string): string {
  const fromContext: unknown = scope.node.tryGetContext('stateFile');
  return resolve(typeof fromContext === 'string' ? fromContext : `terraform.${stack}.tfstate`);
}

function readDocument(scope: Construct, defaultFile: string): unknown {
  const inline: unknown = scope.node.tryGetContext('powerscale');
  if (inline !== undefined) return inline;
  const file: unknown = scope.node.tryGetContext('powerscaleConfigFile');
  const path = typeof file === 'string' ? file : defaultFile;
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

function parseDocument(raw: unknown): ClusterConfigDocument {
  if (typeof raw !== 'object' || raw === null) throw new Error('cluster config must be a JSON object');
  const doc = raw as Record<string, unknown>;
  for (const key of ['endpoint', 'username', 'passwordFile'] as const) {
    if (typeof doc[key] !== 'string') throw new Error(`cluster config: "${key}" must be a string`);
  }
  if (doc.password !== undefined) {
    throw new Error('cluster config: "password" is not accepted; put the password in a file readable only by you and name it in "passwordFile"');
  }
  return raw as ClusterConfigDocument;
}
