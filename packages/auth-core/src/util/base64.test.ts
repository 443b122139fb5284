import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, utf8ToBase64 } from './base64.js';

describe('Base64', () => {
  it('encodes and decodes any bytes as Node does, past the 8,192-byte slices', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), (bytes) => {
        const base64 = Buffer.from(bytes).toString('base64');
        expect(bytesToBase64(bytes)).toBe(base64);
        expect(base64ToBytes(base64)).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it('encodes the UTF-8 bytes of text', () => {
    expect(utf8ToBase64('user:pässwörd€')).toBe(Buffer.from('user:pässwörd€').toString('base64'));
  });

  it('throws on text that is not Base64', () => {
    expect(() => base64ToBytes('not Base64!')).toThrow();
  });
});
