import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('claimStdout', () => {
  it('never creates a stream for stdout (a net.Socket per start for one line): process.stdout is stderr from the claim on', () => {
    const script = `import(${JSON.stringify(join(here, 'stdout.ts'))}).then((m) => {
      const write = m.claimStdout();
      write(String(process.stdout === process.stderr) + '\\n');
    });`;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toBe('true\n');
  });

  it('sends console.log and stray stdout writes to stderr, leaving stdout to the handshake alone', () => {
    // A separate process: claiming stdout inside the test runner would swallow its own output.
    const script = `import(${JSON.stringify(join(here, 'stdout.ts'))}).then((m) => {
      const write = m.claimStdout();
      console.log('noise from a dependency');
      process.stdout.write('stray write\\n');
      write('1|6|unix|/s|grpc|\\n');
      console.info('more noise');
    });`;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toBe('1|6|unix|/s|grpc|\n');
    expect(res.stderr).toContain('noise from a dependency');
    expect(res.stderr).toContain('stray write');
    expect(res.stderr).toContain('more noise');
  });
});
