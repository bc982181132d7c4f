import { describe, expect, it } from 'vitest';
import { RESERVED_SECRET_PREFIX, SECRET_NAME_PATTERN, validateConfiguredSecretName, validateSecretName } from './names';

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

describe('validateConfiguredSecretName', () => {
  it('refuses the prefix reserved for minting markers, in any case, naming the prefix', () => {
    for (const name of ['powerscale-minting-System-alice', 'PowerScale-Minting-x']) expect(validateConfiguredSecretName(name)).toContain(`"${RESERVED_SECRET_PREFIX}"`);
  });

  it('accepts names the store accepts outside the reserved prefix, and keeps the store rule first', () => {
    expect(validateConfiguredSecretName('powerscale-s3-System-alice')).toBeUndefined();
    expect(validateConfiguredSecretName('powerscale-mintingx')).toBeUndefined();
    expect(validateConfiguredSecretName('1abc')).toContain('does not start with a letter');
  });
});
