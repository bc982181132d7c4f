import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { Agent } from 'undici';
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

  it('plays the DAP manager release --dap-version names, and refuses one it does not know', async () => {
    const bad = spawn(process.execPath, ['bin/cdktf-powerscale', 'simulator', '--dap-version', '5.0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    bad.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(((await once(bad, 'exit')) as [number | null])[0]).toBe(2);
    expect(stderr).toContain('--dap-version must be one of 4.2, 4.4, 7.x');

    const child = spawn(process.execPath, ['bin/cdktf-powerscale', 'simulator', '--dap-version', '4.2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      while (!stdout.includes('\n')) await once(child.stdout, 'data');
      const { dap } = JSON.parse(stdout.trim()) as { dap: { url: string; tenant: string; credentialsFile: string; caCertFile: string } };
      const { token } = JSON.parse(readFileSync(dap.credentialsFile, 'utf8')) as { token: string };
      const agent = new Agent({ connect: { ca: readFileSync(dap.caCertFile, 'utf8') } });
      const init = { method: 'PUT', headers: { 'Authentication-Token': token, Tenant: dap.tenant, 'Content-Type': 'application/json' }, body: JSON.stringify({ value: 'v', visibility: 'private' }), dispatcher: agent };
      const response = await fetch(`${dap.url}/api/v3.1/secrets/k1`, init as unknown as RequestInit);
      // 4.2 knows neither visibility nor is_hidden_value: its answer has no such field.
      expect(response.status).toBe(200);
      expect(await response.json()).not.toHaveProperty('visibility');
      await agent.close();
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
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
