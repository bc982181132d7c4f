/**
 * `tsx bench/http-variants.ts [--requests 2000] [--rounds 4] [--concurrency 10]`: the PAPI client's
 * HTTP path with different `fetch` implementations under ky, against the simulator over real HTTPS,
 * each in a fresh process, interleaved round by round. Every variant reads the same S3 keys (the
 * refresh's one GET per key) through `lookupS3Key`, so ky, the client's retry/deadline code and the
 * JSON decode are included; only the `fetch` differs. Reports client CPU per request (the process's
 * `cpuUsage` around the timed loop, after a warm-up), the process's peak RSS, the old-space growth
 * per request (promoted past minor GCs) and the live heap left per request after a full GC
 * (retained: the heap diff). A measurement, not a test.
 *
 * Variants (all injected through `PapiClientOptions.fetch`, so each pays the same `new Request` of
 * `fetchTransport`; `default` is the production transport for reference):
 * - `default`: the production transport (Node's global fetch with our undici Agent as dispatcher);
 * - `global-fetch`: the same, injected;
 * - `undici-fetch`: undici's own `fetch` (the bundled package's) with the same Agent;
 * - `agent-request`: `Agent#request` (no WHATWG fetch underneath), its body read and a global
 *   `Response` built from it, which is what ky needs back.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics } from 'node:v8';
import { createSecureContext } from 'node:tls';
import type { PapiFetch } from '../src/papi';
import { createPapiClient } from '../src/papi/client';
import { lookupS3Key, mintS3Key } from '../src/papi/s3-keys';
import type { SimulatorInfo } from '../src/simulator/server';
import { startSimulator } from '../test/helpers/simulator';
import { summarize, type Result } from './summary';
import { userNames } from './terraform-runs';

const VARIANTS = ['default', 'global-fetch', 'undici-fetch', 'agent-request'] as const;
type Variant = (typeof VARIANTS)[number];
const USERS = 50;

interface ChildResult {
  cpuMsPerRequest: number;
  peakRssMb: number;
  /** Old-space growth summed over 5 ms samples, per request: what survived minor GCs (promoted). */
  promotedKbPerRequest: number;
  /** Live heap after a full GC, after minus before the timed loop, per request: what is retained. */
  retainedKbPerRequest: number;
}

function oldSpaceUsed(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_used_size ?? 0;
}

/** A full GC (the child runs with --expose-gc) and the live heap after it. */
function liveHeapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** The `fetch` of one variant, over an Agent that trusts the simulator's CA (like production's). */
async function variantFetch(variant: Variant, caFile: string): Promise<PapiFetch | undefined> {
  if (variant === 'default') return undefined;
  const undici = await import('undici');
  const agent = new undici.Agent({ connections: 10, keepAliveTimeout: 10_000, pipelining: 1, connect: { secureContext: createSecureContext({ ca: readFileSync(caFile, 'utf8') }) } });
  if (variant === 'global-fetch') return (request) => globalThis.fetch(request, { dispatcher: agent } as unknown as RequestInit);
  if (variant === 'undici-fetch') {
    // undici's fetch does not take Node's Request objects: unpack what ky built.
    return async (request) => {
      const body = request.body === null ? undefined : await request.arrayBuffer();
      const response = await undici.fetch(request.url, { method: request.method, headers: [...request.headers], body, signal: request.signal, dispatcher: agent, redirect: 'manual' });
      return new Response(await response.arrayBuffer(), { status: response.status, statusText: response.statusText, headers: [...response.headers] });
    };
  }
  return async (request) => {
    const url = new URL(request.url);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const res = await agent.request({ origin: url.origin, path: url.pathname + url.search, method: request.method as 'GET', headers, body, signal: request.signal });
    const bytes = await res.body.arrayBuffer();
    const responseHeaders: [string, string][] = [];
    for (const [key, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.push([key, v]);
      else if (value !== undefined) responseHeaders.push([key, value]);
    }
    const nullBody = res.statusCode === 204 || res.statusCode === 304;
    return new Response(nullBody ? null : bytes, { status: res.statusCode, headers: responseHeaders });
  };
}

function clientFor(info: SimulatorInfo, fetch: PapiFetch | undefined) {
  const password = readFileSync(info.onefs.passwordFile, 'utf8').trim();
  return createPapiClient({ endpoint: info.onefs.endpoint, username: info.onefs.username, password, caCertFile: info.onefs.caCertFile }, fetch ? { fetch } : {});
}

async function child(variant: Variant, info: SimulatorInfo, requests: number, concurrency: number): Promise<void> {
  const client = clientFor(info, await variantFetch(variant, info.onefs.caCertFile));
  const users = userNames('hv', USERS);
  let next = 0;
  const worker = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const user = users[next++ % users.length] ?? 'hv0000';
      const found = await lookupS3Key(client, 'System', user);
      if (found.kind !== 'key') throw new Error(`no key for ${user}`);
    }
  };
  const run = (total: number) => Promise.all(Array.from({ length: concurrency }, () => worker(Math.ceil(total / concurrency))));
  await run(200); // warm-up: login, sockets, JIT
  const sent = Math.ceil(requests / concurrency) * concurrency;
  const liveBefore = liveHeapAfterGc();
  let promoted = 0;
  let lastOld = oldSpaceUsed();
  const sampler = setInterval(() => {
    const now = oldSpaceUsed();
    if (now > lastOld) promoted += now - lastOld;
    lastOld = now;
  }, 5);
  const before = process.cpuUsage();
  await run(requests);
  const used = process.cpuUsage(before);
  clearInterval(sampler);
  const retained = liveHeapAfterGc() - liveBefore;
  await client.close();
  const result: ChildResult = {
    cpuMsPerRequest: (used.user + used.system) / 1000 / sent,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    promotedKbPerRequest: promoted / 1024 / sent,
    retainedKbPerRequest: retained / 1024 / sent,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(variant: Variant, infoFile: string, requests: number, concurrency: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', ...process.execArgv, process.argv[1] ?? 'bench/http-variants.ts', '--child', variant, '--info', infoFile, '--requests', String(requests), '--concurrency', String(concurrency)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 300_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${variant}: exit ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult);
    });
  });
}

const fmt = (r: Result, digits: number) => ('median' in r ? `${r.median.toFixed(digits)} (min ${r.min.toFixed(digits)}, max ${r.max.toFixed(digits)})` : r.unavailable);

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { child: { type: 'string' }, info: { type: 'string' }, requests: { type: 'string' }, rounds: { type: 'string' }, concurrency: { type: 'string' }, variant: { type: 'string', multiple: true } } });
  const requests = Math.min(20_000, Math.max(10, Number(values.requests ?? 2000) || 2000));
  const concurrency = Math.min(50, Math.max(1, Number(values.concurrency ?? 10) || 10));
  if (values.child !== undefined) {
    if (!(VARIANTS as readonly string[]).includes(values.child)) throw new Error(`--child: one of ${VARIANTS.join(', ')}`);
    await child(values.child as Variant, JSON.parse(readFileSync(values.info ?? '', 'utf8')) as SimulatorInfo, requests, concurrency);
    return;
  }
  const rounds = Math.min(20, Math.max(1, Number(values.rounds ?? 4) || 4));
  const variants = (values.variant ?? [...VARIANTS]).filter((v): v is Variant => (VARIANTS as readonly string[]).includes(v));
  const sim = await startSimulator();
  const dir = mkdtempSync(join(tmpdir(), 'http-variants-'));
  try {
    const users = userNames('hv', USERS);
    for (const u of users) await sim.control.addUser('System', u);
    const setup = clientFor(sim.info, undefined);
    for (const u of users) await mintS3Key(setup, 'System', u, 0);
    await setup.close();
    const infoFile = join(dir, 'info.json');
    writeFileSync(infoFile, JSON.stringify(sim.info));
    const samples = new Map<Variant, ChildResult[]>(variants.map((v) => [v, []]));
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        process.stderr.write(`round ${r + 1}/${rounds}: ${v}\n`);
        samples.get(v)?.push(await runChild(v, infoFile, requests, concurrency));
      }
    }
    process.stdout.write(`${requests} GETs of an S3 key per process, concurrency ${concurrency}, ${rounds} rounds; median (min, max)\n`);
    for (const [v, s] of samples) {
      process.stdout.write(
        `  ${v.padEnd(14)} CPU ms/request ${fmt(summarize(s.map((x) => x.cpuMsPerRequest)), 3).padEnd(34)} peak RSS MB ${fmt(summarize(s.map((x) => x.peakRssMb)), 1).padEnd(28)} promoted KB/request ${fmt(summarize(s.map((x) => x.promotedKbPerRequest)), 1).padEnd(26)} retained KB/request ${fmt(summarize(s.map((x) => x.retainedKbPerRequest)), 2)}\n`,
      );
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`http-variants: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
