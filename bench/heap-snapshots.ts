/**
 * Heap snapshots of the provider process that applies: `terraform apply` creating N keys against the
 * simulator, with `--heapsnapshot-signal=SIGUSR2` in the provider's NODE_OPTIONS (this run only);
 * when the apply has created the given numbers of keys, the provider process with the most CPU gets
 * SIGUSR2 and writes a snapshot (to --dir). Compare two of them in Chrome DevTools (Memory,
 * "Comparison") to see what a process keeps per key. A probe, not part of `npm run bench`.
 *
 * Usage: tsx bench/heap-snapshots.ts [--n 2000] [--at 200,1900] [--dir /tmp/provider-heap]
 * (`npm run build` first.)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSimulator } from '../test/helpers/simulator';
import { terraformEnv } from '../test/helpers/terraform';
import { addUsers, commandTimeoutFor, createTerraformWorkspace, s3KeysConfig, userNames, writeMainTf } from './terraform-runs';
const { values } = parseArgs({ options: { n: { type: 'string' }, at: { type: 'string' }, dir: { type: 'string' } } });
const n = Number(values.n ?? 2000);
const marks = (values.at ?? '200,1900').split(',').map(Number);
const dir = values.dir ?? '/tmp/provider-heap';
if (!Number.isInteger(n) || n < 1 || n > 20000 || marks.some((m) => !Number.isInteger(m) || m < 1 || m > n)) throw new Error('--n is 1-20000 keys, --at whole numbers from 1 to N');
mkdirSync(dir, { recursive: true });
const sim = await startSimulator();
try {
  await sim.control.setLatency(2);
  await addUsers(sim, userNames('hp', n));
  process.stderr.write(`[heap] apply creating ${n} keys; snapshots at ${marks.join(', ')} into ${dir}\n`);
  const ws = createTerraformWorkspace();
  writeMainTf(ws, s3KeysConfig(sim.info, 'hp', n));
  const env = terraformEnv(ws, { env: { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}` } });
  const child = spawn('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: ws.dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let done = 0;
  let buf = '';
  const providerPid = (): number | undefined => {
    const kids = readdirSync(`/proc/${child.pid}/task`).flatMap((t) => readFileSync(`/proc/${child.pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
    let best: [number, number] | undefined;
    for (const pid of kids) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!cmd.includes('terraform-provider-powerscale')) continue;
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        const cpu = Number(f[11]) + Number(f[12]);
        if (!best || cpu > best[1]) best = [Number(pid), cpu];
      } catch {
        // The process went away meanwhile.
      }
    }
    return best?.[0];
  };
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) {
      if (!l.includes('Creation complete')) continue;
      done++;
      if (marks.includes(done)) {
        const pid = providerPid();
        process.stderr.write(`[heap] ${done} created: SIGUSR2 to ${pid ?? 'no provider process found'}\n`);
        if (pid) process.kill(pid, 'SIGUSR2');
      }
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), commandTimeoutFor(n));
  const code = await new Promise((r) => child.on('exit', r));
  clearTimeout(timer);
  process.stderr.write(`[heap] apply exited ${String(code)}, ${done} created; snapshots: ${readdirSync(dir).join(', ')}\n`);
  ws.cleanup();
} finally {
  await sim.stop();
}
