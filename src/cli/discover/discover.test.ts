import { describe, expect, it } from 'vitest';
import { createPapiClient } from '../../papi/client';
import { resources } from '../../provider/resources';
import { createMemorySecretStore } from '../../secrets/testing/memory-store';
import { useOneFsSimulator } from '../../simulator/testing';
import { parsePattern, selected } from './filter';
import { hclString, renderHcl } from './hcl';
import { addressNames } from './naming';
import { DiscoverUsageError, parseDiscoverArgs } from './options';
import { activeDiscoverers, discoverers } from './registry';
import { runDiscovery, UnknownZoneError, type DiscoveryInput } from './run';
import { decodeManaged, managedKey } from './state';
import { renderTypeScript } from './typescript';
import type { DiscoveredObject } from './types';

const sim = useOneFsSimulator({ users: ['alice', 'bob', 'nokey'] });
const papi = () => createPapiClient({ endpoint: sim.baseUrl, username: sim.credentials.username, password: sim.credentials.password }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });

function input(extra: Partial<DiscoveryInput> = {}): DiscoveryInput {
  return { papi: papi(), secrets: undefined, discoverers: discoverers, zones: [], includes: [], excludes: [], progress: () => undefined, ...extra };
}

function object(type: string, parts: string[]): DiscoveredObject {
  return { type, name: parts.join('/'), importId: parts.join('/'), addressParts: parts, attributes: {} };
}

describe('discover over the simulator', () => {
  it('finds every key of every zone, not users without one, and lists the System zone as not manageable', async () => {
    sim.model.addZone('tenant-a');
    sim.model.addUser('tenant-a', 'svc.backup');
    for (const [zone, user] of [['System', 'alice'], ['System', 'bob'], ['tenant-a', 'svc.backup']] as const) sim.model.createKey(zone, user, { force: true, existingKeyExpiryMinutes: 0 });
    const lines: string[] = [];
    const result = await runDiscovery(input({ progress: (m) => lines.push(m) }));
    expect(result.objects.map((o) => `${o.object.type}.${o.name} <- ${o.object.importId}`)).toEqual([
      'powerscale_accesszone.tenant-a <- tenant-a',
      'powerscale_s3_key.System_alice <- System/alice',
      'powerscale_s3_key.System_bob <- System/bob',
      expect.stringMatching(/^powerscale_s3_key\.tenant-a_svc_backup_[0-9a-f]{8} <- tenant-a\/svc\.backup$/),
    ]);
    expect(result.skipped).toEqual([{ type: 'powerscale_accesszone', name: 'System', reason: expect.stringContaining('built-in System zone') }]);
    expect(lines.join('\n')).toContain('powerscale_s3_key: zone System: 4 users looked at, 2 keys found');
  });

  it('finds every bucket of every zone (paged) with the body an import reads back, and skips a name the provider refuses', async () => {
    sim.model.addZone('tenant-a');
    sim.model.addUser('tenant-a', 'acme');
    sim.model.createBucket('tenant-a', { name: 'acme-data', path: '/ifs/tenant-a/data', createPath: true, owner: 'acme', description: 'd', objectAclPolicy: 'deny', acl: [{ name: 'acme', type: 'user', permission: 'READ' }] });
    sim.model.createBucket('System', { name: 'Legacy_Bucket', path: '/ifs', createPath: false });
    const result = await runDiscovery(input({ includes: [parsePattern('--include', 'powerscale_s3_bucket')] }));
    expect(result.objects.map((o) => o.object)).toEqual([
      {
        type: 'powerscale_s3_bucket',
        name: 'tenant-a/acme-data',
        importId: 'tenant-a/acme-data',
        addressParts: ['tenant-a', 'acme-data'],
        attributes: { name: 'acme-data', zone: 'tenant-a', path: '/ifs/tenant-a/data', owner: 'acme', description: 'd', object_acl_policy: 'deny', acl: [{ grantee: { name: 'acme', type: 'user' }, permission: 'READ' }] },
      },
    ]);
    expect(result.skipped).toEqual([{ type: 'powerscale_s3_bucket', name: 'System/Legacy_Bucket', reason: expect.stringContaining('bucket name') }]);
    expect(renderHcl(result)).toContain('"permission" = "READ"');
  });

  it('says for each key whether the store holds a secret under its default name, without reading the value', async () => {
    sim.model.createKey('System', 'alice', { force: true, existingKeyExpiryMinutes: 0 });
    sim.model.createKey('System', 'bob', { force: true, existingKeyExpiryMinutes: 0 });
    const store = createMemorySecretStore();
    await store.createOrUpdate('powerscale-s3-System-alice', JSON.stringify({ access_id: 'x', secret_key: 'CANARY-SECRET' }));
    const reads: string[] = [];
    const spy = { ...store, get: async (k: string) => (reads.push(k), store.get(k)) };
    const hcl = renderHcl(await runDiscovery(input({ secrets: spy, zones: ['System'], includes: [parsePattern('--include', 'powerscale_s3_key')] })));
    expect(reads).toEqual([]);
    expect(hcl).not.toContain('CANARY-SECRET');
    expect(hcl).toContain('# The store holds a secret under "powerscale-s3-System-alice": if it is this key\'s, the import mints nothing.');
    expect(hcl).toContain('# The store has no secret under "powerscale-s3-System-bob": the first apply rotates the key (an adoption); the current secret');
    expect(hcl).toContain('import {\n  to = powerscale_s3_key.System_alice\n  id = "System/alice"\n}\n\nresource "powerscale_s3_key" "System_alice" {\n  user = "alice"\n}');
  });

  it('refuses a --zone the cluster does not have, naming the zones it has', async () => {
    await expect(runDiscovery(input({ zones: ['nope'] }))).rejects.toThrow(UnknownZoneError);
    await expect(runDiscovery(input({ zones: ['nope'] }))).rejects.toThrow('--zone "nope" is not a zone of this cluster (its zones: "System")');
  });

  it('leaves out what a state already manages and what the filters exclude', async () => {
    for (const user of ['alice', 'bob']) sim.model.createKey('System', user, { force: true, existingKeyExpiryMinutes: 0 });
    const managed = decodeManaged({ format_version: '1.0', values: { root_module: { resources: [], child_modules: [{ resources: [{ mode: 'managed', type: 'powerscale_s3_key', values: { id: 'System/alice' } }] }] } } });
    const result = await runDiscovery(input({ managed, excludes: [parsePattern('--exclude', ':System')] }));
    expect(result.objects.map((o) => o.object.name)).toEqual(['System/bob']);
    expect(result.alreadyManaged).toBe(1);
    expect(result.skipped).toEqual([]);
    expect(managed.has(managedKey('powerscale_s3_key', 'System/alice'))).toBe(true);
    expect(() => decodeManaged({ format_version: '1.2', resource_changes: [] })).toThrow(/a plan, not a state/);
  });

  it('writes the same text on a second run', async () => {
    for (const user of ['alice', 'bob']) sim.model.createKey('System', user, { force: true, existingKeyExpiryMinutes: 0 });
    const first = renderHcl(await runDiscovery(input()));
    expect(renderHcl(await runDiscovery(input()))).toBe(first);
  });
});

describe('discoverers', () => {
  it('write only attributes of their type\'s schema, and run only for types the provider serves', () => {
    const served = new Map(resources.map((r) => [r.typeName, r.schema.attributes.map((a) => a.name)]));
    const active = activeDiscoverers([...served.keys()]);
    expect(active.map((d) => d.type)).toContain('powerscale_s3_key');
    for (const d of active) expect(served.get(d.type)).toEqual(expect.arrayContaining([...d.attributes]));
    for (const d of discoverers.filter((x) => !served.has(x.type))) expect(active).not.toContain(d);
  });
});

describe('addresses', () => {
  it('are stable, valid identifiers, with a hash where characters were replaced or two objects would share one', () => {
    const names = addressNames([object('t', ['System', 'alice']), object('t', ['System_x', 'y']), object('t', ['System', 'x_y']), object('t', ['9z', 'DOM$u']), object('u', ['System', 'alice'])]);
    expect(names[0]).toBe('System_alice');
    expect(names[1]).toMatch(/^System_x_y_[0-9a-f]{8}$/);
    expect(names[2]).toMatch(/^System_x_y_[0-9a-f]{8}$/);
    expect(names[1]).not.toBe(names[2]);
    expect(names[3]).toMatch(/^_9z_DOM_u_[0-9a-f]{8}$/);
    expect(names[4]).toBe('System_alice');
    for (const n of names) expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
    expect(addressNames([object('t', ['System', 'x_y'])])[0]).toBe('System_x_y');
  });

  it('quote names so that HCL never reads a template or a line break in them', () => {
    expect(hclString('a"b\\c${x}%{y}\n\u202e')).toBe('"a\\"b\\\\c$${x}%%{y}\\n\\u202e"');
  });
});

describe('filters', () => {
  it('match by type, by whole-name glob, or both', () => {
    const inc = [parsePattern('--include', 'powerscale_s3_key:System/svc-*')];
    expect(selected(inc, [], 'powerscale_s3_key', 'System/svc-a')).toBe(true);
    expect(selected(inc, [], 'powerscale_s3_key', 'tenant/System/svc-a')).toBe(false);
    expect(selected(inc, [], 'powerscale_accesszone', 'System/svc-a')).toBe(false);
    expect(selected([], [parsePattern('--exclude', 'powerscale_accesszone')], 'powerscale_accesszone', 'z')).toBe(false);
    expect(selected([], [parsePattern('--exclude', ':?')], 'x', 'ab')).toBe(true);
    expect(() => parsePattern('--include', 'powerscale_s3_key:')).toThrow('--include "powerscale_s3_key:" is not a pattern: use TYPE, TYPE:NAME_GLOB or :NAME_GLOB');
  });
});

describe('TypeScript output', () => {
  it('declares keys with S3Key and other types with their binding, each marked with importFrom', () => {
    const ts = renderTypeScript(
      {
        objects: [
          { object: { ...object('powerscale_accesszone', ['tenant-a']), attributes: { name: 'tenant-a', path: '/ifs/tenant-a' } }, name: 'tenant-a' },
          { object: { ...object('powerscale_s3_key', ['tenant-a', 'bob']), attributes: { user: 'bob', zone: 'tenant-a' } }, name: 'tenant-a_bob' },
        ],
        skipped: [{ type: 'powerscale_accesszone', name: 'System', reason: 'built in' }],
        alreadyManaged: 0,
      },
      'cdktf',
    );
    expect(ts).toContain("import { type IPowerScaleCluster, S3Key, TfPowerscaleAccesszone } from 'cdktf-powerscale/constructs';");
    expect(ts).toContain('new S3Key(scope, "tenant-a_bob", { cluster, user: "bob", zone: "tenant-a" }).resource.importFrom("tenant-a/bob");');
    expect(ts).toContain('new TfPowerscaleAccesszone(scope, "TfPowerscaleAccesszone_tenant-a", { provider: cluster.provider, name: "tenant-a", path: "/ifs/tenant-a" }).importFrom("tenant-a");');
    expect(ts).toContain('// - powerscale_accesszone "System": built in');
  });
});

describe('the command line', () => {
  const base = ['--endpoint', 'https://c:8080', '--username', 'root', '--password-file', '/p', '--no-store-check'];

  it('takes the provider\'s connection settings, zones, filters and formats', () => {
    const o = parseDiscoverArgs([...base, '--zone', 'a', '--zone', 'b', '--include', 'powerscale_s3_key', '--format', 'typescript', '--cdk', 'cdktf', '--out', 'x.ts']);
    expect(o).toMatchObject({ endpoint: 'https://c:8080', username: 'root', password: { kind: 'file', path: '/p' }, zones: ['a', 'b'], format: 'typescript', cdk: 'cdktf', out: 'x.ts', storeCheck: false });
  });

  it.each([
    [['--password', 'hunter2-CANARY'], '--password is not accepted'],
    [['--format', 'json'], '--format must be hcl or typescript (got "json")'],
    [['--cdk', 'cdktf'], '--cdk applies only to --format typescript'],
    [['--password-secret', 'pw'], 'exactly one of --password-file and --password-secret is required'],
    [['--insecure', '--ca-cert-file', 'ca.pem'], '--insecure and --ca-cert-file contradict each other'],
  ])('refuses %j, naming the flag', (extra, message) => {
    expect(() => parseDiscoverArgs([...base, ...extra])).toThrow(DiscoverUsageError);
    expect(() => parseDiscoverArgs([...base, ...extra])).toThrow(message);
  });

  it('checks the store flags as the provider checks secret_store, naming the flag', () => {
    expect(() => parseDiscoverArgs(['--endpoint', 'https://c', '--username', 'u', '--password-file', '/p', '--store-type', 'dap'])).toThrow(/^--store-url: url is required for type = "dap"/);
  });

  it('never echoes an unknown argument\'s value, which may be a misplaced password', () => {
    let message = '';
    try {
      parseDiscoverArgs([...base, 'CANARY-PW']);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain('CANARY-PW');
  });
});
