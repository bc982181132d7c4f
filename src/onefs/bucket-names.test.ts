import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { s3BucketNameProblem } from './bucket-names';
import { bucketNameProblem } from './rules';

describe('s3BucketNameProblem', () => {
  it.each(['abc', 'acme-data', 'acme-logs-2026', '0day', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(s3BucketNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['ab', 'has 2 characters'],
    ['a'.repeat(64), 'has 64 characters'],
    ['Acme-data', 'a character other than'],
    ['acme_data', 'a character other than'],
    ['-acme', 'does not start and end'],
    ['acme-', 'does not start and end'],
    // OneFS's S3 service accepts no dots (rules.ts bucketNameProblem): refused at synth, not at plan.
    ['acme.logs', 'a character other than'],
    ['192.168.5.4', 'a character other than'],
    ['xn--acme', 'reserved prefix or suffix'],
    ['sthree-acme', 'reserved prefix or suffix'],
    ['acme-s3alias', 'reserved prefix or suffix'],
    ['acme--ol-s3', 'reserved prefix or suffix'],
  ])('refuses %s: it %s, and states the whole rule', (name, reason) => {
    const problem = s3BucketNameProblem(name);
    expect(problem).toContain(reason);
    expect(problem).toContain('a bucket name is 3 to 63 characters');
  });

  it('never accepts a name the provider refuses (a stack never synthesizes what the plan refuses)', () => {
    const chars = fc.constantFrom(...'abcxyz0189-._Aé'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: chars, minLength: 1, maxLength: 70 })), (name) => {
        if (s3BucketNameProblem(name) === undefined) expect(bucketNameProblem(name)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});
