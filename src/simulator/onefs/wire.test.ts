import { describe, expect, it } from 'vitest';
import { styledJson } from './wire';

describe('styledJson', () => {
  it('writes an error envelope byte for byte like the body pasted from a real cluster', () => {
    const body = { errors: [{ message: "Failed to find user for 'USER:gavagai': No such user", code: 'AEC_NOT_FOUND' }] };
    expect(styledJson(body)).toBe(
      '{\n"errors" : \n[\n\n{\n"code" : "AEC_NOT_FOUND",\n"message" : "Failed to find user for \'USER:gavagai\': No such user"\n}\n]\n}\r\n',
    );
  });

  it('keeps short scalar arrays on one line and empty containers compact', () => {
    expect(styledJson({ b: [], a: ['lsa-local-provider:zone2'], c: {}, d: null })).toBe(
      '{\n"a" : [ "lsa-local-provider:zone2" ],\n"b" : [],\n"c" : {},\n"d" : null\n}\r\n',
    );
  });

  it('round-trips through JSON.parse', () => {
    const value = { keys: { access_id: 'a"b\\c', n: 1, t: true, list: [{ x: 1 }, { y: [1, 2] }] } };
    expect(JSON.parse(styledJson(value))).toEqual(value);
  });
});
