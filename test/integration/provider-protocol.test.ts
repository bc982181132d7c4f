/**
 * The built provider, started the way Terraform starts it (bin/ executable, magic cookie, protocol
 * versions, AutoMTLS client certificate), driven over its unix socket by an independent gRPC
 * client (@grpc/grpc-js). Needs `npm run build` first (npm test does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_COOKIE_VALUE } from '../../src/provider/protocol/handshake';
import { GrpcCallError, parseHandshake, ProviderTestClient } from '../../src/provider/protocol/test-client';
import { createCertificate } from '../../src/x509/certificate';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const executable = join(repo, 'bin/terraform-provider-powerscale');

// What go-plugin's client makes for each run: a self-signed CA certificate for localhost.
const client = createCertificate({ subjectCN: 'localhost', sans: { dns: ['localhost'] }, isCA: true, keyUsage: ['digitalSignature', 'keyCertSign'], extKeyUsage: ['clientAuth', 'serverAuth'] });

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  firstLine: Promise<string>;
}

const children: ChildProcess[] = [];

function start(env: NodeJS.ProcessEnv, args: string[] = []): Started {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('TF_') || k.startsWith('PLUGIN_')) delete base[k];
  const child = spawn(executable, args, { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  let resolveLine: (l: string) => void = () => {};
  const firstLine = new Promise<string>((r) => (resolveLine = r));
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('\n')) resolveLine(out.slice(0, out.indexOf('\n')));
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  void exited.then(() => resolveLine(out));
  return { child, stdout: () => out, stderr: () => err, exited, firstLine };
}

function terraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6,5', PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000', PLUGIN_CLIENT_CERT: client.certPem, ...extra };
}

async function connect(p: Started): Promise<{ client: ProviderTestClient; address: string; handshake: ReturnType<typeof parseHandshake> }> {
  const handshake = parseHandshake(await p.firstLine);
  const c = new ProviderTestClient(handshake.address, handshake.serverCertDer ? { serverCertDer: handshake.serverCertDer, clientCertPem: client.certPem, clientKeyPem: client.keyPem } : undefined);
  return { client: c, address: handshake.address, handshake };
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist/provider.cjs'))) throw new Error('dist/provider.cjs is missing: run "npm run build" first');
});

afterEach(async () => {
  // SIGTERM, not SIGKILL: the provider removes its socket directory on a clean exit.
  const running = children.splice(0).filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    running.map(
      (c) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => c.kill('SIGKILL'), 2000);
          c.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
});

describe('provider executable started as Terraform starts it', () => {
  it('prints exactly one handshake line offering protocol 6 over a unix socket with a TLS certificate', async () => {
    const p = start(terraformEnv());
    const { client: c, handshake } = await connect(p);
    expect(handshake).toMatchObject({ core: 1, version: 6, network: 'unix', protocol: 'grpc' });
    expect(handshake.serverCertDer?.length).toBeGreaterThan(50);
    expect((await p.firstLine).endsWith('=')).toBe(false);
    expect(existsSync(handshake.address)).toBe(true);
    await c.shutdown();
    expect(await p.exited).toBe(0);
    c.close();
    expect(p.stdout().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('answers the RPCs of a terraform plan over mutual TLS, then exits on Shutdown and removes its socket', async () => {
    const p = start(terraformEnv({ TF_LOG_PROVIDER: 'TRACE' }));
    const { client: c, address } = await connect(p);
    const schema = await c.getProviderSchema();
    expect(schema.message(1)).toBeDefined(); // the provider schema is never null
    expect(schema.message(6)).toBeDefined(); // server capabilities
    // An empty object: every attribute of the provider schema decodes as null.
    expect((await c.validateProviderConfig(Buffer.from([0x80]))).filter((d) => d.summary === 'Provider bug')).toEqual([]);
    expect(await c.healthCheck('plugin')).toBe(1);
    expect(await c.stopProvider()).toBe('');
    await expect(c.call('/plugin.GRPCStdio/StreamStdio', Buffer.alloc(0))).rejects.toMatchObject({ code: 12 });
    await expect(c.call('/tfplugin6.Provider/GetResourceIdentitySchemas', Buffer.alloc(0))).rejects.toMatchObject({ code: 12 });
    await c.shutdown();
    expect(await p.exited).toBe(0);
    c.close();
    expect(existsSync(address)).toBe(false);
    expect(existsSync(dirname(address))).toBe(false);
    // Logs: hclog JSON on stderr only, each with a six-digit timestamp.
    const lines = p.stderr().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect((JSON.parse(l) as Record<string, string>)['@timestamp']).toMatch(/\.\d{6}Z$/);
    expect(p.stdout().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses a client that does not present the certificate Terraform announced', async () => {
    const p = start(terraformEnv());
    const { handshake } = await connect(p);
    const stranger = createCertificate({ subjectCN: 'localhost', sans: { dns: ['localhost'] }, isCA: true, extKeyUsage: ['clientAuth'] });
    const c = new ProviderTestClient(handshake.address, { serverCertDer: handshake.serverCertDer as Buffer, clientCertPem: stranger.certPem, clientKeyPem: stranger.keyPem });
    await expect(c.healthCheck()).rejects.toBeInstanceOf(GrpcCallError);
    c.close();
  });

  it('refuses a client certificate issued by the one Terraform announced: only that exact certificate is accepted', async () => {
    const p = start(terraformEnv());
    const { handshake } = await connect(p);
    // Terraform's certificate is a CA (keyCertSign); a chain-verifying server would accept its children.
    const child = createCertificate({ subjectCN: 'localhost', sans: { dns: ['localhost'] }, extKeyUsage: ['clientAuth'], issuer: { certDer: client.certDer, privateKey: client.privateKey } });
    const c = new ProviderTestClient(handshake.address, { serverCertDer: handshake.serverCertDer as Buffer, clientCertPem: child.certPem, clientKeyPem: child.keyPem });
    await expect(c.healthCheck()).rejects.toBeInstanceOf(GrpcCallError);
    c.close();
    // The right certificate still gets through on the same server.
    const ok = new ProviderTestClient(handshake.address, { serverCertDer: handshake.serverCertDer as Buffer, clientCertPem: client.certPem, clientKeyPem: client.keyPem });
    expect(await ok.healthCheck()).toBe(1);
    ok.close();
  });

  it('ignores SIGINT (Terraform cancels with StopProvider) and exits cleanly on SIGTERM', async () => {
    const p = start(terraformEnv());
    const { client: c, address } = await connect(p);
    p.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    expect(await c.healthCheck()).toBe(1);
    c.close();
    p.child.kill('SIGTERM');
    await p.exited;
    expect(existsSync(address)).toBe(false);
  });

  it('exits and removes its socket when the process that started it dies without calling Shutdown', async () => {
    // A shell plays Terraform: it starts the provider in the background, prints the handshake, and is killed.
    const shell = spawn('sh', ['-c', `"${executable}" & wait`], { env: { ...process.env, ...terraformEnv() }, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(shell);
    const line = await new Promise<string>((resolve) => shell.stdout?.once('data', (d: Buffer) => resolve(d.toString())));
    const { address } = parseHandshake(line);
    expect(existsSync(address)).toBe(true);
    shell.kill('SIGKILL');
    for (let i = 0; i < 40 && existsSync(address); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(address)).toBe(false);
  });

  it('creates its socket in PLUGIN_UNIX_SOCKET_DIR when given, and removes it on exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockdir-'));
    try {
      const p = start(terraformEnv({ PLUGIN_UNIX_SOCKET_DIR: dir }));
      const { client: c, address } = await connect(p);
      expect(dirname(address)).toBe(dir);
      await c.shutdown();
      c.close();
      expect(await p.exited).toBe(0);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a PLUGIN_CLIENT_CERT that is not a PEM certificate: a reason on stderr, exit 1, nothing on stdout', async () => {
    const garbage = 'not-a-certificate-CNRYcert9Z';
    const p = start(terraformEnv({ PLUGIN_CLIENT_CERT: garbage }));
    expect(await p.exited).toBe(1);
    expect(p.stdout()).toBe('');
    expect(p.stderr()).toContain('PLUGIN_CLIENT_CERT is not a PEM certificate');
    expect(p.stderr()).not.toContain(garbage);
  });

  it('names ENOENT (not EACCES) when PLUGIN_UNIX_SOCKET_DIR does not exist', async () => {
    const missing = join(tmpdir(), `no-such-sockdir-${process.pid}`);
    const p = start(terraformEnv({ PLUGIN_UNIX_SOCKET_DIR: missing }));
    expect(await p.exited).toBe(1);
    expect(p.stdout()).toBe('');
    expect(p.stderr()).toContain(`PLUGIN_UNIX_SOCKET_DIR ${missing} does not exist (ENOENT)`);
    expect(p.stderr()).not.toContain('EACCES');
  });

  // Node binds a silently truncated path over 107 bytes; the handshake must name a socket that works.
  describe.each([
    ['TMPDIR', 'Shutdown'],
    ['TMPDIR', 'SIGTERM'],
    ['PLUGIN_UNIX_SOCKET_DIR', 'Shutdown'],
    ['PLUGIN_UNIX_SOCKET_DIR', 'SIGTERM'],
  ] as const)('with a %s too long for a unix socket, ended by %s', (variable, ending) => {
    it('serves on a short private socket and leaves nothing behind', async () => {
      const longDir = join(mkdtempSync(join(tmpdir(), 'longsock-')), 'd'.repeat(100));
      mkdirSync(longDir);
      try {
        const before = new Set(readdirSync('/tmp'));
        const p = start(terraformEnv({ [variable]: longDir }));
        const { client: c, address } = await connect(p);
        expect(Buffer.byteLength(address)).toBeLessThanOrEqual(107);
        expect(statSync(dirname(address)).mode & 0o777).toBe(0o700);
        expect(await c.healthCheck()).toBe(1);
        if (ending === 'Shutdown') await c.shutdown();
        else p.child.kill('SIGTERM');
        c.close();
        expect(await p.exited).toBe(ending === 'Shutdown' ? 0 : 143);
        expect(existsSync(dirname(address))).toBe(false);
        expect([...readdirSync('/tmp')].filter((n) => !before.has(n) && n.startsWith('tfps-'))).toEqual([]);
        expect(readdirSync(longDir)).toEqual([]);
      } finally {
        rmSync(dirname(longDir), { recursive: true, force: true });
      }
    });
  });

  it('serves plaintext with an empty certificate field when Terraform disables plugin TLS', async () => {
    const env = terraformEnv();
    delete env.PLUGIN_CLIENT_CERT;
    const p = start(env);
    const { client: c, handshake } = await connect(p);
    expect(await p.firstLine).toMatch(/\|grpc\|$/);
    expect(handshake.serverCertDer).toBeUndefined();
    expect(await c.healthCheck()).toBe(1);
    await c.shutdown();
    c.close();
    expect(await p.exited).toBe(0);
  });

  it('explains itself on stderr and exits 1 when run by hand without the magic cookie, printing nothing on stdout', async () => {
    const p = start({});
    expect(await p.exited).toBe(1);
    expect(p.stdout()).toBe('');
    expect(p.stderr()).toContain('Terraform provider plugin');
    expect(p.stderr()).toContain('--debug');
  });

  it('exits 1 with a reason when Terraform offers only protocol 5', async () => {
    const p = start(terraformEnv({ PLUGIN_PROTOCOL_VERSIONS: '5' }));
    expect(await p.exited).toBe(1);
    expect(p.stdout()).toBe('');
    expect(p.stderr()).toContain('protocol 6');
  });

  it('in --debug mode prints a TF_REATTACH_PROVIDERS value, serves without TLS and survives Shutdown until Ctrl-C', async () => {
    const p = start({}, ['--debug']);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (p.stdout().includes("'\n")) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    const m = /TF_REATTACH_PROVIDERS='(.+)'/.exec(p.stdout());
    const reattach = JSON.parse(m?.[1] ?? '{}') as Record<string, { Pid: number; Addr: { Network: string; String: string } }>;
    const entry = reattach['registry.terraform.io/dapcli/powerscale'];
    expect(entry?.Pid).toBe(p.child.pid);
    expect(entry?.Addr.Network).toBe('unix');
    const c = new ProviderTestClient(entry?.Addr.String ?? '');
    await c.shutdown();
    await new Promise((r) => setTimeout(r, 300));
    expect(await c.healthCheck()).toBe(1);
    c.close();
    p.child.kill('SIGINT');
    expect(await p.exited).not.toBeNull();
    expect(existsSync(entry?.Addr.String ?? '')).toBe(false);
  });
});
