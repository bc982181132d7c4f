// `node scripts/run-parallel.mjs typecheck lint`: runs those npm scripts at the same time and exits
// non-zero when any of them fails. `npm test` uses it for the two checks that share nothing (each
// is a single-threaded process, and CI machines have two cores). Each script's output is printed
// in one piece when it ends, so that the two never interleave.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write('usage: node scripts/run-parallel.mjs SCRIPT...\n');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const runs = names.map(
  (name) =>
    new Promise((resolve) => {
      const chunks = [];
      const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
      child.on('error', (err) => resolve({ name, code: 1, output: `${err.message}\n` }));
      child.on('close', (code, signal) => resolve({ name, code: code ?? 1, signal, output: Buffer.concat(chunks).toString() }));
    }).then((run) => {
      process.stdout.write(`> npm run ${run.name}: ${run.code === 0 ? 'ok' : `failed (${run.signal ?? `exit ${run.code}`})`}\n${run.output}`);
      return run.code;
    }),
);
const codes = await Promise.all(runs);
process.exit(codes.some((c) => c !== 0) ? 1 : 0);
