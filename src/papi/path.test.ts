import { describe, expect, it } from 'vitest';
import { papiPath, PapiPathError, pathSegment } from './path';

describe('papiPath', () => {
  it('encodes each interpolated value as one segment', () => {
    expect(papiPath`/platform/10/protocols/s3/keys/${'a/b?c#d%e f'}`).toBe('/platform/10/protocols/s3/keys/a%2Fb%3Fc%23d%25e%20f');
    expect(papiPath`/x/${'DOM\\user'}/y`).toBe('/x/DOM%5Cuser/y');
  });

  it.each(['', '.', '..'])('refuses %j, which a URL parser would collapse onto another path', (name) => {
    expect(() => papiPath`/platform/10/protocols/s3/keys/${name}`).toThrow(PapiPathError);
  });

  it('keeps names that only contain dots among other characters', () => {
    expect(pathSegment('...')).toBe('...');
    expect(pathSegment('.alice')).toBe('.alice');
    // Whatever the segment, the resolved URL stays under the keys collection.
    for (const name of ['...', 'a..', '%2e%2e', '..%2f']) {
      expect(new URL(`https://h${papiPath`/platform/10/protocols/s3/keys/${name}`}`).pathname.startsWith('/platform/10/protocols/s3/keys/')).toBe(true);
    }
  });
});
