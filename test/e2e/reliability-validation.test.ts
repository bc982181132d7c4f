/**
 * Bad input through the real `terraform` (issue 9): a table of invalid configurations, one per
 * rule of each attribute of the provider block, `powerscale_s3_key` and `powerscale_cluster`. All
 * rows go into one configuration (provider rows as aliased provider blocks) and run through
 * `terraform validate` and `terraform plan`; every row must get its own error diagnostic whose
 * source snippet is the offending attribute's line. Also: a password holding quotes, backslashes,
 * unicode, a newline and HCL template markers works end to end when written inline in HCL.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Artifacts, canaryForms, CLUSTER_PASSWORD, DAP_TOKEN, errorBlocks, hclString, providerBlock, startCanarySimulator, terraformRecorded, type CanarySimulator } from '../helpers/reliability';
import { createTerraformWorkspace, readState, REPO_ROOT, resourceInstances, writeMainTf, type TerraformWorkspace } from '../helpers/terraform';

let root: string;
let sim: CanarySimulator;
let files: { missing: string; worldReadable: string; ownerOnly: string; ca: string };
const artifacts = new Artifacts();
const workspaces: TerraformWorkspace[] = [];

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'provider.cjs'))) throw new Error('dist/provider.cjs is missing: run "npm run build" first');
  root = mkdtempSync(join(tmpdir(), 'e2e-reliability-validation-'));
  sim = await startCanarySimulator(join(root, 'sim'), ['valid']);
  const worldReadable = join(root, 'world-readable');
  writeFileSync(worldReadable, 'x');
  chmodSync(worldReadable, 0o644);
  const ownerOnly = join(root, 'owner-only');
  writeFileSync(ownerOnly, '{"token":"t"}', { mode: 0o600 });
  files = { missing: join(root, 'does-not-exist'), worldReadable, ownerOnly, ca: sim.running.info.onefs.caCertFile };
});

afterAll(async () => {
  await sim?.close();
  for (const ws of workspaces) ws.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** One invalid configuration: the attribute line that is wrong and what the diagnostic must say. */
interface Row {
  /** What the row breaks, for failure messages. */
  rule: string;
  /** The lines inside the block; `attribute` must be the first token of exactly one of them. */
  body: string[];
  /** The attribute the diagnostic must point at (its source line), or undefined for a block-level problem. */
  attribute: string | undefined;
  /** Text the diagnostic's summary or detail must contain (whitespace-collapsed). */
  says: RegExp;
}

const q = hclString;

function providerRows(): Row[] {
  const base = (over: Record<string, string | undefined>): string[] => {
    const attrs: Record<string, string | undefined> = { endpoint: q('https://cluster.example.com'), username: q('admin'), password: q('pw'), ...over };
    return Object.entries(attrs)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} = ${v}`);
  };
  const store = (lines: string[]) => [`secret_store {`, ...lines.map((l) => `  ${l}`), `}`];
  const dap = (over: Record<string, string | undefined>) =>
    store(
      Object.entries({ type: q('dap'), url: q('https://dap.example.com'), credentials_file: q(files.ownerOnly), ...over })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} = ${v}`),
    );
  return [
    { rule: 'endpoint must be https', body: base({ endpoint: q('http://cluster.example.com') }), attribute: 'endpoint', says: /https/ },
    { rule: 'endpoint must be a URL', body: base({ endpoint: q('cluster example com') }), attribute: 'endpoint', says: /Expected an https URL/ },
    { rule: 'endpoint has no path', body: base({ endpoint: q('https://cluster.example.com/platform') }), attribute: 'endpoint', says: /no path, query or fragment/ },
    { rule: 'endpoint has no credentials', body: base({ endpoint: q('https://admin:hunter2@cluster.example.com') }), attribute: 'endpoint', says: /must not contain credentials/ },
    { rule: 'endpoint port in range', body: base({ endpoint: q('https://cluster.example.com:70000') }), attribute: 'endpoint', says: /port 70000 is out of range/ },
    { rule: 'username not empty', body: base({ username: q('') }), attribute: 'username', says: /between 1 and 255 characters/ },
    { rule: 'username at most 255', body: base({ username: q('u'.repeat(256)) }), attribute: 'username', says: /between 1 and 255 characters/ },
    { rule: 'one password source, not two', body: base({ password_file: q(files.ownerOnly) }), attribute: 'password_file', says: /Conflicting Password Sources/ },
    { rule: 'a password source is required', body: base({ password: undefined }), attribute: undefined, says: /Missing Cluster Password/ },
    { rule: 'password not empty', body: base({ password: q('') }), attribute: 'password', says: /Empty Cluster Password/ },
    { rule: 'password_file exists', body: base({ password: undefined, password_file: q(files.missing) }), attribute: 'password_file', says: /does not exist/ },
    { rule: 'password_file owner-only', body: base({ password: undefined, password_file: q(files.worldReadable) }), attribute: 'password_file', says: /chmod 600/ },
    { rule: 'password_secret names a secret', body: base({ password: undefined, password_secret: q('  ') }), attribute: 'password_secret', says: /must name a secret/ },
    { rule: 'ca_cert_file readable', body: base({ ca_cert_file: q(files.missing) }), attribute: 'ca_cert_file', says: /does not exist/ },
    { rule: 'ca_cert_file holds PEM certificates', body: base({ ca_cert_file: q(files.worldReadable) }), attribute: 'ca_cert_file', says: /holds no PEM certificate/ },
    { rule: 'insecure contradicts ca_cert_file', body: base({ ca_cert_file: q(files.ca), insecure: 'true' }), attribute: 'insecure', says: /Conflicting TLS Settings/ },
    { rule: 'timeout_seconds at least 1', body: base({ timeout_seconds: '0' }), attribute: 'timeout_seconds', says: /whole number from 1 to 3600/ },
    { rule: 'timeout_seconds at most 3600', body: base({ timeout_seconds: '3601' }), attribute: 'timeout_seconds', says: /whole number from 1 to 3600/ },
    { rule: 'timeout_seconds whole', body: base({ timeout_seconds: '1.5' }), attribute: 'timeout_seconds', says: /whole number from 1 to 3600/ },
    { rule: 'timeout_seconds is a number (Terraform)', body: base({ timeout_seconds: q('soon') }), attribute: 'timeout_seconds', says: /Incorrect attribute value type|a number is required/ },
    { rule: 'no unknown attribute (Terraform)', body: base({ endpiont: q('https://x') }), attribute: 'endpiont', says: /Unsupported argument/ },
    { rule: 'secret_store.type is file or dap', body: [...base({}), ...store([`type = ${q('vault')}`])], attribute: 'type', says: /"file", "dap"/ },
    { rule: 'secret_store url only for dap', body: [...base({}), ...store([`type = ${q('file')}`, `url = ${q('https://dap.example.com')}`])], attribute: 'url', says: /applies only to type = "dap"/ },
    { rule: 'secret_store file path not empty', body: [...base({}), ...store([`type = ${q('file')}`, `path = ${q('')}`])], attribute: 'path', says: /path is empty/ },
    { rule: 'secret_store path owner-only', body: [...base({}), ...store([`type = ${q('file')}`, `path = ${q(files.worldReadable)}`])], attribute: 'path', says: /chmod 600/ },
    { rule: 'secret_store dap url https', body: [...base({}), ...dap({ url: q('http://dap.example.com') })], attribute: 'url', says: /must use https/ },
    { rule: 'secret_store dap credentials_file exists', body: [...base({}), ...dap({ credentials_file: q(files.missing) })], attribute: 'credentials_file', says: /does not exist/ },
    { rule: 'secret_store dap tenant not empty', body: [...base({}), ...dap({ tenant: q(' ') })], attribute: 'tenant', says: /tenant must not be empty/ },
  ];
}

function s3KeyRows(): Row[] {
  const key = (over: Record<string, string | undefined>): string[] =>
    Object.entries({ user: q('valid'), ...over })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} = ${v}`);
  return [
    { rule: 'user not empty', body: key({ user: q('') }), attribute: 'user', says: /user is empty/ },
    { rule: 'user without whitespace', body: key({ user: q('a b') }), attribute: 'user', says: /1 to 104 characters/ },
    { rule: 'user without /', body: key({ user: q('a/b') }), attribute: 'user', says: /1 to 104 characters/ },
    { rule: 'user not "."', body: key({ user: q('.') }), attribute: 'user', says: /names a directory in a URL path/ },
    { rule: 'user not ".."', body: key({ user: q('..') }), attribute: 'user', says: /names a directory in a URL path/ },
    { rule: 'user without bidi overrides', body: key({ user: q('ev\u202eil') }), attribute: 'user', says: /"ev\\u202eil" contains a control or bidirectional-formatting character/ },
    { rule: 'user at most 104', body: key({ user: q('u'.repeat(105)) }), attribute: 'user', says: /1 to 104 characters/ },
    { rule: 'user is required (Terraform)', body: key({ user: undefined, zone: q('System') }), attribute: undefined, says: /Missing required argument/ },
    { rule: 'zone name characters', body: key({ zone: q('my zone') }), attribute: 'zone', says: /1 to 255 characters/ },
    { rule: 'zone not empty', body: key({ zone: q('') }), attribute: 'zone', says: /zone is empty/ },
    { rule: 'expiry at least 0', body: key({ existing_key_expiry_minutes: '-1' }), attribute: 'existing_key_expiry_minutes', says: /whole number from 0 to 1440/ },
    { rule: 'expiry at most 1440', body: key({ existing_key_expiry_minutes: '1441' }), attribute: 'existing_key_expiry_minutes', says: /whole number from 0 to 1440/ },
    { rule: 'expiry whole', body: key({ existing_key_expiry_minutes: '2.5' }), attribute: 'existing_key_expiry_minutes', says: /whole number from 0 to 1440/ },
    { rule: 'secret_name starts with a letter', body: key({ secret_name: q('9lives') }), attribute: 'secret_name', says: /does not start with a letter/ },
    { rule: 'secret_name characters', body: key({ secret_name: q('a/b') }), attribute: 'secret_name', says: /contains "\/"/ },
    { rule: 'secret_name at most 256', body: key({ secret_name: q(`s${'x'.repeat(256)}`) }), attribute: 'secret_name', says: /257 characters long/ },
    { rule: 'rotation_triggers is a map (Terraform)', body: key({ rotation_triggers: q('x') }), attribute: 'rotation_triggers', says: /Incorrect attribute value type/ },
    { rule: 'computed access_id cannot be set', body: key({ access_id: q('x') }), attribute: 'access_id', says: /Invalid Configuration for Read-Only Attribute/ },
  ];
}

function clusterRows(): Row[] {
  return [{ rule: 'expected_guid is a GUID', body: [`expected_guid = ${q('prod')}`], attribute: 'expected_guid', says: /cluster GUID/ }];
}

interface Placed extends Row {
  /** `with` address Terraform prints: `provider[...].p3`, `powerscale_s3_key.k4`, ... */
  address: string;
  /** 1-based line of the attribute in main.tf (undefined for block-level rows). */
  line: number | undefined;
}

/** Writes every row into one main.tf and remembers where each offending attribute sits. */
function writeTable(ws: TerraformWorkspace): Placed[] {
  // The default provider configuration is valid (with the canary password inline); every resource row uses it.
  const lines: string[] = providerBlock(sim, { password: `password = ${hclString(CLUSTER_PASSWORD)}` }).trimEnd().split('\n');
  const placed: Placed[] = [];
  const place = (header: string[], address: string, row: Row) => {
    lines.push('', ...header);
    let line: number | undefined;
    for (const l of row.body) {
      lines.push(`  ${l}`);
      if (row.attribute !== undefined && line === undefined && new RegExp(`^\\s*${row.attribute}\\s*=`).test(l)) line = lines.length;
    }
    lines.push('}');
    if (row.attribute !== undefined && line === undefined) throw new Error(`row "${row.rule}" has no line for ${row.attribute}`);
    placed.push({ ...row, address, line });
  };
  providerRows().forEach((row, i) => place(['provider "powerscale" {', `  alias = "p${i}"`], `provider["registry.terraform.io/dapcli/powerscale"].p${i}`, row));
  // Terraform prunes provider configurations nothing uses: give each alias a resource.
  providerRows().forEach((_, i) => lines.push('', `resource "powerscale_cluster" "uses_p${i}" {`, `  provider = powerscale.p${i}`, '}'));
  s3KeyRows().forEach((row, i) => place([`resource "powerscale_s3_key" "k${i}" {`], `powerscale_s3_key.k${i}`, row));
  clusterRows().forEach((row, i) => place([`resource "powerscale_cluster" "c${i}" {`], `powerscale_cluster.c${i}`, row));
  writeMainTf(ws, `${lines.join('\n')}\n`);
  return placed;
}

/** Checks that every row got an error that names its address and shows its attribute's source line. */
function expectEveryRowFlagged(placed: Placed[], stderr: string, command: string): void {
  const errors = errorBlocks(stderr);
  const missing: string[] = [];
  for (const row of placed) {
    const block = errors.find((e) => e.includes(`with ${row.address},`) && row.says.test(e) && (row.line === undefined || e.includes(` ${row.line}: ${row.attribute}`)));
    // Terraform's own checks (types, unknown or read-only arguments) name the block by its header instead of "with".
    const terraformOwn = errors.find((e) => row.says.test(e) && row.line !== undefined && e.includes(`line ${row.line},`) && e.includes(` ${row.line}: ${row.attribute}`));
    const blockLevel = row.line === undefined ? errors.find((e) => row.says.test(e) && (e.includes(`with ${row.address},`) || e.includes(`"${row.address.split('.').pop()}"`))) : undefined;
    if (!block && !terraformOwn && !blockLevel) missing.push(`${row.rule} (${row.address}${row.line ? ` line ${row.line}` : ''})`);
  }
  expect(missing, `${command}: rows without a diagnostic at their attribute:\n${missing.join('\n')}\n--- stderr ---\n${stderr}`).toEqual([]);
}

describe('reliability: invalid configurations through terraform', () => {
  let ws: TerraformWorkspace;
  let placed: Placed[];

  beforeAll(() => {
    ws = createTerraformWorkspace();
    workspaces.push(ws);
    placed = writeTable(ws);
  });

  it('gives every invalid attribute in the table its own error at its source line in terraform validate', async () => {
    const run = await terraformRecorded(ws, ['validate'], artifacts, 'validate table', { logLevel: 'TRACE', logPath: join(ws.dir, 'validate.log') });
    artifacts.addFile('validate table: TF_LOG=trace log', join(ws.dir, 'validate.log'));
    expect(run.code).toBe(1);
    expect(placed.length).toBeGreaterThanOrEqual(40);
    expectEveryRowFlagged(placed, run.stderr, 'terraform validate');
    expect(run.stderr).not.toMatch(/Unexpected Provider Error|Provider bug|panic|Plugin did not respond/);
  });

  it('stops terraform plan on the same table with the same errors, before anything reaches the cluster', async () => {
    const before = await sim.control.stats();
    const run = await terraformRecorded(ws, ['plan'], artifacts, 'plan table', { logLevel: 'TRACE', logPath: join(ws.dir, 'plan.log') });
    artifacts.addFile('plan table: TF_LOG=trace log', join(ws.dir, 'plan.log'));
    expect(run.code).toBe(1);
    expectEveryRowFlagged(placed, run.stderr, 'terraform plan');
    const after = await sim.control.stats();
    expect(after.onefs.logins - before.onefs.logins).toBe(0);
  });
});

describe('reliability: a password with quotes, backslashes, unicode, a newline and template markers', () => {
  it('logs in with it written inline in HCL and with it in password_file, applies, and plans no changes', async () => {
    for (const source of ['inline', 'file'] as const) {
      const ws = createTerraformWorkspace();
      workspaces.push(ws);
      const password = source === 'inline' ? `password = ${hclString(CLUSTER_PASSWORD)}` : `password_file = ${hclString(sim.running.info.onefs.passwordFile)}`;
      writeMainTf(ws, `${providerBlock(sim, { password })}\nresource "powerscale_s3_key" "valid" {\n  user = "valid"\n}\n`);
      const logPath = join(ws.dir, 'apply.log');
      const apply = await terraformRecorded(ws, ['apply', '-auto-approve'], artifacts, `${source} password apply`, { logLevel: 'TRACE', logPath });
      artifacts.addFile(`${source} password apply: TF_LOG=trace log`, logPath);
      expect(apply.code, apply.stdout + apply.stderr).toBe(0);
      const plan = await terraformRecorded(ws, ['plan', '-detailed-exitcode'], artifacts, `${source} password plan`);
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
      expect(resourceInstances(readState(ws), 'powerscale_s3_key', 'valid')).toHaveLength(1);
      artifacts.addFile(`${source} password: state`, join(ws.dir, 'terraform.tfstate'));
    }
    // The DAP token (quotes and a backslash) worked too: the store holds the secret.
    expect(await sim.control.dapSecret('powerscale-s3-System-valid')).toBeDefined();
  });
});

describe('reliability: secrets in validation runs', () => {
  it('leaves the canary password, the DAP token and the minted secrets out of everything these runs produced', () => {
    expect(artifacts.items.length).toBeGreaterThan(8);
    const needles = [
      ...canaryForms('cluster password', CLUSTER_PASSWORD, 'CNRYpw7Q3x'),
      ...canaryForms('DAP token', DAP_TOKEN, 'CNRYdp5E8f'),
      ...sim.minted.map((m, i) => ({ name: `minted secret #${i}`, value: m.secret })),
    ];
    // Positive control: a secret's name (not secret) is found in state and trace logs.
    expect(artifacts.sweep([{ name: 'secret name', value: 'powerscale-s3-System-valid' }]).length).toBeGreaterThan(2);
    expect(artifacts.sweep(needles)).toEqual([]);
  });
});
