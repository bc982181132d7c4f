import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../helpers/simulator';

describe('cdktf-powerscale simulator (process)', () => {
  it('prints exactly one stdout line, and exits 0 on SIGTERM, removing its temporary directory', async () => {
    const child = spawn(process.execPath, ['bin/cdktf-powerscale', 'simulator', '--users', 'alice'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    while (!stdout.includes('\n')) await once(child.stdout, 'data');
    const info = JSON.parse(stdout.trim()) as { onefs: { caCertFile: string } };
    expect(existsSync(info.onefs.caCertFile)).toBe(true);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(existsSync(info.onefs.caCertFile)).toBe(false);
  });

  it.each([
    [['--password', 'x'], /usage: cdktf-powerscale simulator/],
    [['--onefs-version', '9.3'], /--onefs-version must be one of 9\.2, 9\.4, 9\.5, 9\.5\.0\.3, 9\.10/],
  ])('rejects %j with exit code 2 and usage on stderr', async (args, message) => {
    const child = spawn(process.execPath, ['bin/cdktf-powerscale', 'simulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/usage: cdktf-powerscale simulator/);
  });

  it('answers as the release --onefs-version names', async () => {
    const sim = await startSimulator({ release: '9.2' });
    try {
      const login = await sim.https(`${sim.info.onefs.endpoint}/session/1/session/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: sim.info.onefs.username, password: sim.password(), services: ['platform'] }),
      });
      // 9.2 accepts the trailing-slash login that 9.5.0.1 answered with 404.
      expect(login.status).toBe(201);
    } finally {
      await sim.stop();
    }
  });

  it('applies --latency-ms to every request', async () => {
    const sim = await startSimulator({ latencyMs: 250 });
    try {
      const started = performance.now();
      const response = await sim.https(`${sim.info.onefs.endpoint}/platform/latest`);
      expect(response.status).toBe(401);
      expect(performance.now() - started).toBeGreaterThanOrEqual(240);
      expect((await sim.control.stats()).latencyMs).toBe(250);
    } finally {
      await sim.stop();
    }
  });
});
