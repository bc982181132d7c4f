/**
 * `tsx bench/refresh-variants.ts --variant before=/tmp/a/provider.cjs --variant after=dist/provider.cjs
 * [--node-args 'after=--max-semi-space-size=2'] [--n 200] [--rounds 5] [--latency 2]`: the refresh
 * process of `terraform plan`, provider builds (or one build with different Node flags) side by side.
 * Every variant is started by a POSIX launcher as `install-provider` writes one
 * (`exec node [node-args] bundle`), so flags such as `--cpu-prof --cpu-prof-dir=D` reach it.
 * Creates N keys once (with bin/, i.e. dist/), then runs `terraform plan` on that state with each
 * variant in turn, round by round (interleaved, so that the machine's load hits
 * every variant alike), and reports the refresh process's CPU time and peak RSS (from the exit
 * hook, bench/hooks/peak-rss.cjs) and the plan's wall time. CPU per process is the steadier figure
 * on a shared machine; this is how the figures in docs/bench.md "Optimisations after the first
 * bench" were taken. A measurement, not a test.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from '../test/helpers/simulator';
import { cliConfig } from '../test/helpers/terraform';
import { peakRssKb } from './peak-rss';
import { summarize, type Result } from './summary';
import { addUsers, commandTimeoutFor, createTerraformWorkspace, s3KeysConfig, timedTerraform, userNames, writeMainTf } from './terraform-runs';

interface Sample {
  cpuMs: number;
  peakRssMb: number;
  wallMs: number;
}

function fmt(r: Result): string {
  return 'median' in r ? `${Math.round(r.median)} (min ${Math.round(r.min)}, max ${Math.round(r.max)})` : `unavailable: ${r.unavailable}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { variant: { type: 'string', multiple: true }, 'node-args': { type: 'string', multiple: true }, n: { type: 'string' }, rounds: { type: 'string' }, latency: { type: 'string' } },
  });
  const n = Math.min(5000, Math.max(1, Number(values.n ?? 200) || 200));
  const rounds = Math.min(50, Math.max(1, Number(values.rounds ?? 5) || 5));
  const latency = Math.min(1000, Math.max(0, Number(values.latency ?? 2) || 0));
  const variants = (values.variant ?? [`current=${join(process.cwd(), 'dist', 'provider.cjs')}`]).map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new Error('--variant is name=path/to/provider.cjs');
    return { name: spec.slice(0, eq), bundle: resolve(spec.slice(eq + 1)) };
  });
  const nodeArgs = new Map<string, string>();
  for (const spec of values['node-args'] ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new Error('--node-args is name=ARGS (the variant name, then the Node flags for it)');
    nodeArgs.set(spec.slice(0, eq), spec.slice(eq + 1));
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-refresh-'));
  const sim = await startSimulator();
  const ws = createTerraformWorkspace();
  try {
    // One dev_overrides directory per variant, each with a shell launcher like the installed one.
    const launchers = variants.map((v) => {
      const d = join(dir, v.name);
      mkdirSync(d);
      const file = join(d, 'terraform-provider-powerscale');
      writeFileSync(file, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${nodeArgs.get(v.name) ?? ''} ${JSON.stringify(v.bundle)} "$@"\n`);
      chmodSync(file, 0o755);
      return d;
    });
    await sim.control.setLatency(latency);
    await addUsers(sim, userNames('rv', n));
    writeMainTf(ws, s3KeysConfig(sim.info, 'rv', n));
    process.stderr.write(`creating ${n} keys\n`);
    await timedTerraform(ws, ['apply', '-auto-approve', '-input=false'], { timeoutMs: commandTimeoutFor(n) });
    const samples = variants.map(() => [] as Sample[]);
    for (let r = 0; r < rounds; r++) {
      for (const [i, v] of variants.entries()) {
        writeFileSync(ws.cliConfigFile, cliConfig(launchers[i] ?? ''));
        const run = await timedTerraform(ws, ['plan', '-detailed-exitcode', '-input=false', '-lock=false'], { sim, recordProcesses: true, okCodes: [0], timeoutMs: commandTimeoutFor(n) });
        // The refresh process is the one that spent the most CPU (the other two only load the schema).
        const refresh = [...(run.processes ?? [])].sort((a, b) => b.cpuMs - a.cpuMs)[0];
        if (!refresh) throw new Error(`${v.name}: the exit hook recorded no provider process`);
        const sample = { cpuMs: refresh.cpuMs, peakRssMb: Math.round(peakRssKb(refresh) / 102.4) / 10, wallMs: Math.round(run.durationMs) };
        samples[i]?.push(sample);
        process.stderr.write(`round ${r + 1}/${rounds} ${v.name}: refresh CPU ${sample.cpuMs} ms, peak RSS ${sample.peakRssMb} MB, plan ${sample.wallMs} ms\n`);
      }
    }
    process.stdout.write(`refresh process of terraform plan, N = ${n}, latency ${latency} ms, ${rounds} rounds: median (min, max)\n`);
    for (const [i, v] of variants.entries()) {
      const s = samples[i] ?? [];
      process.stdout.write(
        `  ${v.name.padEnd(16)} CPU ms ${fmt(summarize(s.map((x) => x.cpuMs)))}   CPU ms/key ${(Math.min(...s.map((x) => x.cpuMs)) / n).toFixed(2)} (min)   peak RSS MB ${fmt(summarize(s.map((x) => x.peakRssMb), 'count'))}   plan wall ms ${fmt(summarize(s.map((x) => x.wallMs)))}\n`,
      );
    }
  } finally {
    ws.cleanup();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`refresh-variants: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
