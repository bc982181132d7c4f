import { describe, expect, it } from 'vitest';
import { SECRET_NAME_PATTERN, validateSecretName } from './names';

describe('validateSecretName', () => {
  it.each(['s3_System_alice', 'a', 'A.b-c_d', `a${'x'.repeat(255)}`])('accepts %s', (name) => {
    expect(validateSecretName(name)).toBeUndefined();
    expect(SECRET_NAME_PATTERN.test(name)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['1abc', 'does not start with a letter'],
    ['_abc', 'does not start with a letter'],
    ['a/b', 'contains "/"'],
    ['a@b', 'contains "@"'],
    ['a b', 'contains " "'],
    [`a${'x'.repeat(256)}`, '257 characters'],
    ['team\u202etxt.exe', 'contains "\\u202e"'],
    ['\u2066abc', 'does not start with a letter'],
  ])('rejects %j because it %s', (name, why) => {
    expect(validateSecretName(name)).toContain(why);
    // The message quotes the name, but never a raw control or bidi-formatting character.
    expect(validateSecretName(name)).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(SECRET_NAME_PATTERN.test(name)).toBe(false);
  });
});
