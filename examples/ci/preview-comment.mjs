#!/usr/bin/env node
/**
 * Keeps one pull-request (GitHub) or merge-request (GitLab) comment per app up to date with the
 * output of `cdktf-powerscale preview`:
 *
 *   node examples/ci/preview-comment.mjs preview.md EXIT_CODE
 *
 * The document's first line is its hidden marker (`<!-- cdktf-powerscale preview: <app> -->`). The
 * comment whose first line is the same marker is edited in place; without one, a comment is created,
 * except when the preview found no changes (EXIT_CODE 0): then nothing is posted. An existing comment
 * is still updated to "no changes", so that it never shows a plan that is no longer true. A comment
 * that already says the same is left alone.
 *
 * GitHub Actions: GITHUB_TOKEN (pull-requests: write), GITHUB_REPOSITORY, GITHUB_EVENT_PATH and
 * GITHUB_API_URL, all set by Actions except the token. GitLab CI: GITLAB_TOKEN (a project access
 * token with the `api` scope, in a masked CI/CD variable), CI_API_V4_URL, CI_PROJECT_ID and
 * CI_MERGE_REQUEST_IID, set by GitLab in merge-request pipelines. Tokens are only ever sent as
 * headers, never printed. Node 20 or later (global fetch), no dependencies.
 */
import { readFile } from 'node:fs/promises';

const MARKER_PREFIX = '<!-- cdktf-powerscale preview: ';

function fail(message) {
  process.stderr.write(`preview-comment: ${message}\n`);
  process.exit(1);
}

function required(name) {
  const value = process.env[name];
  if (!value) fail(`${name} is not set`);
  return value;
}

async function call(method, url, headers, body) {
  const response = await fetch(url, { method, headers: { ...headers, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) fail(`${method} ${new URL(url).pathname} answered ${response.status}`);
  return response;
}

/** GitHub: issue comments of the pull request. */
async function github() {
  const api = process.env.GITHUB_API_URL || 'https://api.github.com';
  const repo = required('GITHUB_REPOSITORY');
  const event = JSON.parse(await readFile(required('GITHUB_EVENT_PATH'), 'utf8'));
  const number = event.pull_request?.number ?? event.issue?.number;
  if (!number) fail('the event is not a pull request');
  const headers = { Authorization: `Bearer ${required('GITHUB_TOKEN')}`, Accept: 'application/vnd.github+json' };
  const base = `${api}/repos/${repo}/issues`;
  return {
    async list() {
      const all = [];
      for (let page = 1; ; page++) {
        const batch = await (await call('GET', `${base}/${number}/comments?per_page=100&page=${page}`, headers)).json();
        all.push(...batch.map((c) => ({ id: c.id, body: c.body ?? '' })));
        if (batch.length < 100) return all;
      }
    },
    create: (body) => call('POST', `${base}/${number}/comments`, headers, { body }),
    update: (id, body) => call('PATCH', `${base}/comments/${id}`, headers, { body }),
  };
}

/** GitLab: notes of the merge request (system notes left out). */
async function gitlab() {
  const base = `${required('CI_API_V4_URL')}/projects/${encodeURIComponent(required('CI_PROJECT_ID'))}/merge_requests/${required('CI_MERGE_REQUEST_IID')}/notes`;
  const headers = { 'PRIVATE-TOKEN': required('GITLAB_TOKEN') };
  return {
    async list() {
      const all = [];
      for (let page = '1'; page; ) {
        const response = await call('GET', `${base}?per_page=100&page=${page}`, headers);
        all.push(...(await response.json()).filter((n) => !n.system).map((n) => ({ id: n.id, body: n.body ?? '' })));
        page = response.headers.get('x-next-page') || '';
      }
      return all;
    },
    create: (body) => call('POST', base, headers, { body }),
    update: (id, body) => call('PUT', `${base}/${id}`, headers, { body }),
  };
}

const [file, exitCode] = process.argv.slice(2);
if (!file || !['0', '1', '2'].includes(exitCode ?? '')) fail('usage: preview-comment.mjs PREVIEW.md EXIT_CODE (0, 1 or 2, as preview exited)');
const body = await readFile(file, 'utf8').catch(() => fail(`cannot read ${file}`));
const marker = body.split(/\r?\n/)[0];
if (!marker.startsWith(MARKER_PREFIX)) fail(`${file} does not start with the preview marker: run preview with --format github or gitlab`);

const platform = process.env.GITHUB_ACTIONS === 'true' ? await github() : process.env.GITLAB_CI === 'true' ? await gitlab() : fail('neither GITHUB_ACTIONS nor GITLAB_CI is "true"');
const firstLine = (text) => text.split(/\r?\n/)[0];
const previous = (await platform.list()).find((c) => firstLine(c.body) === marker);
if (previous === undefined && exitCode === '0') {
  console.log('preview-comment: no changes and no earlier comment: nothing posted');
} else if (previous === undefined) {
  await platform.create(body);
  console.log('preview-comment: comment created');
} else if (previous.body.replace(/\r\n/g, '\n') === body) {
  console.log(`preview-comment: comment ${previous.id} already up to date`);
} else {
  await platform.update(previous.id, body);
  console.log(`preview-comment: comment ${previous.id} updated in place`);
}
