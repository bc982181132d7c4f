/**
 * `examples/ci/preview-comment.mjs`, the comment upkeep both CI examples run, against a fake GitHub
 * and a fake GitLab API on a local port: it finds its comment by the marker line and edits it in
 * place, leaves other apps' comments alone, and posts nothing when there are no changes.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { previewMarker } from './document';

const SCRIPT = fileURLToPath(new URL('../../../examples/ci/preview-comment.mjs', import.meta.url));
const TOKEN = 'CANARY-token';
const dir = mkdtempSync(join(tmpdir(), 'preview-comment-'));
let server: Server;
let base = '';
let comments: { id: number; body: string; system?: boolean }[] = [];
let writes: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      const authorised = req.headers.authorization === `Bearer ${TOKEN}` || req.headers['private-token'] === TOKEN;
      if (!authorised) return void res.writeHead(401).end('{}');
      const url = new URL(req.url ?? '/', 'http://x');
      const id = Number(url.pathname.split('/').pop());
      if (req.method === 'GET') {
        // Pages of two, to exercise pagination on both sides.
        const page = Number(url.searchParams.get('page') ?? '1');
        const slice = comments.slice((page - 1) * 2, page * 2);
        const gitlabNext = page * 2 < comments.length ? String(page + 1) : '';
        res.writeHead(200, { 'Content-Type': 'application/json', 'x-next-page': gitlabNext });
        // GitHub: a page shorter than per_page (100) ends the listing, so all comments come in one.
        return void res.end(JSON.stringify(url.pathname.includes('/repos/') ? comments : slice));
      }
      const body = (JSON.parse(text) as { body: string }).body;
      writes.push(`${req.method} ${url.pathname}`);
      if (req.method === 'POST') comments.push({ id: 100 + comments.length, body });
      else {
        const c = comments.find((x) => x.id === id);
        if (c === undefined) return void res.writeHead(404).end('{}');
        c.body = body;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 7 } }));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  comments = [
    { id: 1, body: 'LGTM' },
    { id: 2, body: `${previewMarker('other-app')}\nold` },
    { id: 3, body: 'merged main', system: true },
  ];
  writes = [];
});

const platforms = {
  github: { GITHUB_ACTIONS: 'true', GITHUB_API_URL: base, GITHUB_REPOSITORY: 'o/r', GITHUB_EVENT_PATH: join(dir, 'event.json'), GITHUB_TOKEN: TOKEN },
  gitlab: { GITLAB_CI: 'true', CI_PROJECT_ID: '42', CI_MERGE_REQUEST_IID: '7', GITLAB_TOKEN: TOKEN },
} as const;

function upkeep(platform: keyof typeof platforms, document: string, exitCode: string, extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  const file = join(dir, 'preview.md');
  writeFileSync(file, document);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...platforms[platform], ...(platform === 'github' ? { GITHUB_API_URL: base } : { CI_API_V4_URL: `${base}/api/v4` }), ...extra };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, file, exitCode], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const doc = (text: string) => `${previewMarker('multi-tenant')}\n${text}\n`;

describe.each(['github', 'gitlab'] as const)('preview-comment.mjs on %s', (platform) => {
  it('creates one comment, then edits that same comment in place, leaving other comments alone', async () => {
    expect((await upkeep(platform, doc('2 to create'), '2')).code).toBe(0);
    expect((await upkeep(platform, doc('1 to update'), '2')).code).toBe(0);
    const ours = comments.filter((c) => c.body.startsWith(previewMarker('multi-tenant')));
    expect(ours).toEqual([{ id: 103, body: doc('1 to update') }]);
    expect(comments.find((c) => c.id === 2)?.body).toBe(`${previewMarker('other-app')}\nold`);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toMatch(/^(PATCH|PUT) .*\/103$/);
  });

  it('posts nothing when there are no changes and no earlier comment', async () => {
    const result = await upkeep(platform, doc('no changes'), '0');
    expect(result.output).toContain('nothing posted');
    expect(writes).toEqual([]);
  });

  it('still turns an earlier comment into "no changes", and leaves an up-to-date one alone', async () => {
    comments.push({ id: 9, body: doc('2 to create') });
    await upkeep(platform, doc('no changes'), '0');
    expect(comments.find((c) => c.id === 9)?.body).toBe(doc('no changes'));
    writes = [];
    expect((await upkeep(platform, doc('no changes'), '0')).output).toContain('already up to date');
    expect(writes).toEqual([]);
  });

  it('refuses a document without the marker (the plain format)', async () => {
    const plain = await upkeep(platform, '## Preview of `x`\n', '2');
    expect(plain.code).toBe(1);
    expect(plain.output).toContain('does not start with the preview marker');
  });

  it('reports a refused call by method, path and status, never printing the token', async () => {
    const wrong = 'CANARY-wrong-token';
    const result = await upkeep(platform, doc('x'), '2', platform === 'github' ? { GITHUB_TOKEN: wrong } : { GITLAB_TOKEN: wrong });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/preview-comment: GET \/\S+ answered 401/);
    expect(result.output).not.toContain('CANARY');
  });
});
