import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, hclogTimestamp, levelFromEnv, redactText, registerSecret, type LogLevel } from './log';

function capture(level: LogLevel | 'off') {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (l) => lines.push(l) });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('provider logger', () => {
  it('writes hclog JSON lines with a six-digit timestamp that go-plugin can parse', () => {
    const { logger, lines, parsed } = capture('trace');
    logger.info('hello', { resource: 'powerscale_s3_key', n: 1 });
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const [entry] = parsed();
    expect(entry).toMatchObject({ '@level': 'info', '@message': 'hello', '@module': 'provider.powerscale', resource: 'powerscale_s3_key', n: 1 });
    expect(entry?.['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(hclogTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678000Z');
  });

  it('drops lines below the level and is silent when no log variable is set', () => {
    const { logger, lines } = capture('warn');
    logger.info('no');
    logger.warn('yes');
    expect(lines).toHaveLength(1);
    expect(levelFromEnv({})).toBe('off');
  });

  it('takes the level from TF_LOG_PROVIDER_POWERSCALE, then TF_LOG_PROVIDER, then TF_LOG', () => {
    expect(levelFromEnv({ TF_LOG: 'info', TF_LOG_PROVIDER: 'debug' })).toBe('debug');
    expect(levelFromEnv({ TF_LOG: 'info', TF_LOG_PROVIDER: 'debug', TF_LOG_PROVIDER_POWERSCALE: 'ERROR' })).toBe('error');
    expect(levelFromEnv({ TF_LOG: 'WARN' })).toBe('warn');
    expect(levelFromEnv({ TF_LOG: 'JSON' })).toBe('trace');
    expect(levelFromEnv({ TF_LOG_PROVIDER: 'off', TF_LOG: 'trace' })).toBe('off');
  });

  it('redacts fields whose names look secret, at any depth', () => {
    const { logger, parsed } = capture('trace');
    logger.debug('login', { username: 'admin', password: 'hunter2!', nested: { Authorization: 'Basic abc', csrfToken: 't', list: [{ secret_key: 's' }] } });
    expect(parsed()[0]).toMatchObject({ username: 'admin', password: '***', nested: { Authorization: '***', csrfToken: '***', list: [{ secret_key: '***' }] } });
  });

  it('replaces registered secret values everywhere in the line, including the message and escaped forms', () => {
    const canary = 'CANARY-"s3cr3t"\\value';
    registerSecret(canary);
    const { logger, lines } = capture('trace');
    logger.error(`request failed for ${canary}`, { body: `x${canary}y`, err: new Error(`bad ${canary}`) });
    const line = lines.join('');
    expect(line).not.toContain('s3cr3t');
    expect(line.match(/\*\*\*/g)?.length).toBe(3);
    expect(redactText(`a ${canary} b`)).toBe('a *** b');
  });

  describe('redacts a registered secret quoted in another form or in pieces (issue 13)', () => {
    const secret = 'CNRYlog-wJalrXUtnFEMI/K7MDENG+bPxRfiCY-end ünï';
    registerSecret(secret);
    const bytes = Buffer.from(secret, 'utf8');
    it.each([
      ['base64', bytes.toString('base64')],
      ['base64 without padding', bytes.toString('base64').replace(/=+$/, '')],
      ['base64url', bytes.toString('base64url')],
      ['URL-encoded', encodeURIComponent(secret)],
      ['form-encoded', encodeURIComponent(secret).replace(/%20/g, '+')],
      ['hex', bytes.toString('hex')],
      ['HEX', bytes.toString('hex').toUpperCase()],
      ['split by a newline', `${secret.slice(0, 20)}\n${secret.slice(20)}`],
      ['split by a newline after 16 characters', `${secret.slice(0, 16)}\r\n${secret.slice(16)}`],
      ['truncated to 20 characters', secret.slice(0, 20)],
      ['a 16-character middle piece', secret.slice(10, 26)],
      ['base64 truncated to 20 characters', bytes.toString('base64').slice(0, 20)],
    ])('%s', (_, quoted) => {
      const { logger, lines } = capture('trace');
      logger.error(`server said: ${quoted} (end)`, { body: `echo ${quoted}` });
      const line = lines.join('');
      expect(line).toContain('server said: ***');
      expect(line).toContain('(end)');
      for (let i = 0; i + 16 <= secret.length; i++) expect(line).not.toContain(secret.slice(i, i + 16));
      for (const piece of quoted.split(/\r?\n/)) if (piece.length >= 16) expect(line).not.toContain(piece);
      expect(redactText(quoted)).not.toContain(quoted.slice(0, 16));
    });

    it('leaves ordinary text and short fragments alone', () => {
      expect(redactText(`the key ${secret.slice(0, 10)} and other text`)).toBe(`the key ${secret.slice(0, 10)} and other text`);
    });

    it('redacts a JSON document whole without redacting its structure', () => {
      const doc = JSON.stringify({ access_id: 'AKIDLOGTEST', secret_key: 'zzzz-secret-in-doc-CNRY-0001' });
      registerSecret(doc);
      expect(redactText(`stored ${doc}`)).toBe('stored ***');
      expect(redactText('{"access_id":"x","secret_key":"***"}')).toBe('{"access_id":"x","secret_key":"***"}');
    });
  });

  describe('looks a line up instead of comparing it with every registered secret (issue 20: an apply registers a document and a secret per key)', () => {
    const docs = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ access_id: `1_scale${i}_accid`, secret_key: `scale-secret-${i}-CNRYxxxxxxxxxxxxxxxxxxxx`, owner: `owner-${i}` }));
    for (const doc of docs) registerSecret(doc);
    registerSecret('short-pw9');

    /** How many string comparisons (includes / startsWith / indexOf) one redactText call makes. */
    function comparisons(text: string): { result: string; count: number } {
      const spies = (['includes', 'startsWith', 'indexOf'] as const).map((name) => vi.spyOn(String.prototype, name));
      try {
        const result = redactText(text);
        return { result, count: spies.reduce((n, spy) => n + spy.mock.calls.length, 0) };
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    }

    it.each([
      ['a line that quotes no secret', 'PAPI request {"method":"GET","path":"/platform/10/protocols/s3/keys/scale7","status":200}', (r: string) => expect(r).not.toContain('***')],
      ['a line that quotes a stored document', `stored ${docs[1234] ?? ''} ok`, (r: string) => expect(r).toBe('stored *** ok')],
      ['a line that quotes a short secret', 'login with short-pw9 failed', (r: string) => expect(r).toBe('login with *** failed')],
    ])('%s: a few comparisons, not one per registered secret', (_, text, check) => {
      const { result, count } = comparisons(text);
      check(result);
      expect(count).toBeLessThan(50);
    });
  });

  it('keeps what a registered secret needs for redaction small: no string per 16-character window (issue 20: one secret per S3 key, thousands in a large apply)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const secrets = Array.from({ length: 2000 }, () => randomBytes(30).toString('base64'));
    // The heap and the array buffers: a typed array's bytes are not in heapUsed.
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    gc();
    const before = used();
    for (const secret of secrets) registerSecret(secret);
    redactText('builds the index of what was registered');
    gc();
    const perSecret = (used() - before) / secrets.length;
    // Each 40-character secret has ≈ 290 windows over its 8 forms; as strings in a Set they took ≈ 15 KB.
    expect(Math.round(perSecret)).toBeLessThan(8 * 1024);
    for (const secret of secrets.slice(0, 50)) expect(redactText(`key ${secret.slice(3, 23)} end`)).toBe('key *** end');
  });

  it('indexes a registered secret only when a line is redacted (issue 20: a refresh registers a document per key and usually writes no line)', () => {
    const documents = Array.from({ length: 200 }, (_, i) => JSON.stringify({ access_id: `1_lazy${i}_accid`, secret_key: `lazy-secret-${i}-CNRYyyyyyyyyyyyyyyyyyy` }));
    // Indexing encodes each value (Buffer.from) and parses documents (JSON.parse); registering must do neither.
    const spies = [vi.spyOn(Buffer, 'from'), vi.spyOn(JSON, 'parse')];
    try {
      for (const doc of documents) registerSecret(doc);
      for (let i = 0; i < 200; i++) registerSecret(`lazy-secret-${i}-CNRYyyyyyyyyyyyyyyyyyy`);
      expect(spies.map((spy) => spy.mock.calls.length)).toEqual([0, 0]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // And nothing registered is missed by the first line written after it, nor by later ones.
    expect(redactText(`stored ${documents[17] ?? ''}`)).toBe('stored {"access_id":"1_lazy17_accid","secret_key":"***"}');
    expect(redactText('key lazy-secret-199-CNRYyyyyyyyyyyyyyyyyyy end')).toBe('key *** end');
    registerSecret('lazy-late-secret-CNRYzzzzzz');
    expect(redactText('late lazy-late-secret-CNRYzzzzzz')).toBe('late ***');
  });

  it('logs errors by name and message and respects their own toJSON', () => {
    class SafeError extends Error {
      toJSON() {
        return { code: 'E1' };
      }
    }
    const { logger, parsed } = capture('trace');
    logger.warn('oops', { plain: new TypeError('boom'), safe: new SafeError('with secret detail') });
    expect(parsed()[0]).toMatchObject({ plain: { name: 'TypeError', message: 'boom' }, safe: { code: 'E1' } });
  });

  it('never lets a field override the hclog keys', () => {
    const { logger, parsed } = capture('trace');
    logger.info('real', { '@message': 'fake', '@level': 'error' });
    expect(parsed()[0]).toMatchObject({ '@message': 'real', '@level': 'info' });
  });
});
