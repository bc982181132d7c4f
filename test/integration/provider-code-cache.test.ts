/**
 * The provider's loader and V8's code cache, with the real build: the first start writes the
 * cache, later starts use it, and a missing, damaged, refused or unsafe cache only ever means a
 * normal compile: every start still serves Terraform (handshake, then GetProviderSchema over TLS).
 * Needs `npm run build` first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCodeCache, encodeCodeCache, CODE_CACHE_ENV_VAR } from '../../src/provider/loader/code-cache';
import { CODE_CACHE_TRACE_ENV_VAR, CODE_HEAD } from '../../src/provider/loader/code-file';
import { MAGIC_COOKIE_VALUE } from '../../src/provider/protocol/handshake';
import { parseHandshake, ProviderTestClient } from '../../src/provider/protocol/test-client';
import { createCertificate } from '../../src/x509/certificate';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const executable = join(repo, 'bin/terraform-provider-powerscale');
const client = createCertificate({ subjectCN: 'localhost', sans: { dns: ['localhost'] }, isCA: true, keyUsage: ['digitalSignature', 'keyCertSign'], extKeyUsage: ['clientAuth', 'serverAuth'] });

let root: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(join(repo, 'dist/provider.code.js'))) throw new Error('dist/provider.code.js is missing: run "npm run build" first');
  root = mkdtempSync(join(tmpdir(), 'provider-code-cache-'));
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  /** The loader's trace lines, e.g. ['code cache missing', 'code cache written']. */
  trace: string[];
  /** Resource types in the schema the provider served. */
  resourceTypes: number;
}

/**
 * Starts the provider as Terraform does, asks for its schema, and waits until the loader has said
 * whether it wrote a cache (when it was going to) before ending it.
 */
async function run(cacheSetting: string): Promise<Run> {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('TF_') || k.startsWith('PLUGIN_')) delete base[k];
  const env = { ...base, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6,5', PLUGIN_CLIENT_CERT: client.certPem, [CODE_CACHE_ENV_VAR]: cacheSetting, [CODE_CACHE_TRACE_ENV_VAR]: '1' };
  const child = spawn(executable, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    void exited.then((code) => reject(new Error(`provider exited (${code}) before its handshake; stderr: ${err}`)));
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const trace = (): string[] => [...err.matchAll(/terraform-provider-powerscale: (code cache \w+(?: \w+)?)/g)].map((m) => m[1] as string);
  try {
    const handshake = parseHandshake(await firstLine);
    const c = new ProviderTestClient(handshake.address, handshake.serverCertDer ? { serverCertDer: handshake.serverCertDer, clientCertPem: client.certPem, clientKeyPem: client.keyPem } : undefined);
    const schema = await c.getProviderSchema();
    c.close();
    // GetProviderSchema.Response field 2: resource_schemas, a map (one entry per resource type).
    const resourceTypes = schema.repeated(2).length;
    const deadline = Date.now() + 10_000;
    const settled = (t: string[]): boolean => t.length >= 2 || (t.length === 1 && /used|unsafe|off/.test(t[0] as string));
    while (!settled(trace()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { trace: trace(), resourceTypes };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function cacheFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.bin')) : [];
}

const codeId = (): string => CODE_HEAD.exec(readFileSync(join(repo, 'dist/provider.code.js'), 'utf8'))?.[1] as string;

describe('the provider code cache', () => {
  it('is written by the first start and used by the next; every start serves the schema', async () => {
    const dir = join(root, 'fresh');
    const first = await run(dir);
    expect(first.trace).toEqual(['code cache missing', 'code cache written']);
    expect(first.resourceTypes).toBeGreaterThan(0);
    expect(cacheFiles(dir)).toHaveLength(1);
    const second = await run(dir);
    expect(second.trace).toEqual(['code cache used']);
    expect(second.resourceTypes).toBe(first.resourceTypes);
    expect(cacheFiles(dir)).toHaveLength(1);
  });

  it('falls back to compiling when the file is damaged (flipped byte, truncated, garbage), and writes a good one', async () => {
    const dir = join(root, 'damaged');
    await run(dir);
    const [name] = cacheFiles(dir);
    const file = join(dir, name as string);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1] = (flipped[flipped.length >> 1] ?? 0) ^ 0xff;
    for (const bad of [flipped, good.subarray(0, good.length - 1000), Buffer.alloc(good.length, 0x5a)]) {
      writeFileSync(file, bad, { mode: 0o600 });
      const r = await run(dir);
      expect(r.trace).toEqual(['code cache corrupt', 'code cache written']);
      expect(r.resourceTypes).toBeGreaterThan(0);
      expect(decodeCodeCache(codeId(), readFileSync(file))).toBeDefined();
      expect((await run(dir)).trace).toEqual(['code cache used']);
    }
  });

  it('falls back when V8 refuses a well-formed file (another V8 build behind the same name), and replaces it', async () => {
    const dir = join(root, 'refused');
    await run(dir);
    const [name] = cacheFiles(dir);
    const file = join(dir, name as string);
    const payload = decodeCodeCache(codeId(), readFileSync(file)) as Buffer;
    // V8's header: magic number, then the hash of the V8 version that wrote it.
    const foreign = Buffer.from(payload);
    foreign.writeUInt32LE(foreign.readUInt32LE(4) ^ 0x5a5a5a5a, 4);
    writeFileSync(file, encodeCodeCache(codeId(), foreign), { mode: 0o600 });
    const r = await run(dir);
    expect(r.trace).toEqual(['code cache rejected', 'code cache written']);
    expect(r.resourceTypes).toBeGreaterThan(0);
    expect((await run(dir)).trace).toEqual(['code cache used']);
  });

  it('neither reads nor writes a cache that others can write, and is off when told', async () => {
    const dir = join(root, 'shared');
    await run(dir);
    const [name] = cacheFiles(dir);
    chmodSync(dir, 0o777);
    const r = await run(dir);
    expect(r.trace).toEqual(['code cache unsafe']);
    expect(r.resourceTypes).toBeGreaterThan(0);
    chmodSync(dir, 0o700);
    chmodSync(join(dir, name as string), 0o666);
    expect((await run(dir)).trace).toEqual(['code cache unsafe']);

    const off = await run('off');
    expect(off.trace).toEqual(['code cache off']);
    expect(off.resourceTypes).toBeGreaterThan(0);
  });

  it('says what to do, and exits 1, when the code beside the loader is missing or is not the provider', () => {
    const dir = join(root, 'lone');
    mkdirSync(dir);
    copyFileSync(join(repo, 'dist/provider.cjs'), join(dir, 'provider.cjs'));
    const env = { ...process.env, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: client.certPem };
    const missing = spawnSync(process.execPath, [join(dir, 'provider.cjs')], { env, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(`cannot read ${join(dir, 'provider.code.js')} (run "npm run build", or install the provider again)`);
    writeFileSync(join(dir, 'provider.code.js'), 'module.exports = 1;\n');
    const foreign = spawnSync(process.execPath, [join(dir, 'provider.cjs')], { env, encoding: 'utf8' });
    expect(foreign.status).toBe(1);
    expect(foreign.stderr).toContain(`${join(dir, 'provider.code.js')} is not the provider's code`);
  });
});
