import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aesBlocks, expandAesKey } from './aes-128.js';

function nodeAes(key: Uint8Array, blocks: Uint8Array, decrypt: boolean): string {
  const cipher = (decrypt ? createDecipheriv : createCipheriv)('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(blocks), cipher.final()]).toString('hex');
}

function ours(key: Uint8Array, blocks: Uint8Array, decrypt: boolean): string {
  const bytes = Uint8Array.from(blocks);
  aesBlocks(bytes, expandAesKey(key), decrypt);
  return Buffer.from(bytes).toString('hex');
}

describe('AES-128 blocks', () => {
  it('match the example vector of FIPS-197 (appendix C.1) both ways', () => {
    const key = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const plain = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const cipher = '69c4e0d86a7b0430d8cdb78070b4c55a';
    expect(ours(key, plain, false)).toBe(cipher);
    expect(ours(key, Buffer.from(cipher, 'hex'), true)).toBe(plain.toString('hex'));
  });

  it('agree with node:crypto aes-128-ecb on random keys and blocks, both ways', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc
          .integer({ min: 0, max: 8 })
          .chain((count) => fc.uint8Array({ minLength: 16 * count, maxLength: 16 * count })),
        (key, blocks) => {
          expect(ours(key, blocks, false)).toBe(nodeAes(key, blocks, false));
          expect(ours(key, blocks, true)).toBe(nodeAes(key, blocks, true));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('work on a view into a larger buffer, touching only its own bytes', () => {
    const key = new Uint8Array(16).fill(7);
    const buffer = new Uint8Array(48).fill(1);
    aesBlocks(buffer.subarray(16, 32), expandAesKey(buffer.subarray(0, 16)), false);
    expect(Buffer.from(buffer.subarray(16, 32)).toString('hex')).toBe(
      nodeAes(new Uint8Array(16).fill(1), new Uint8Array(16).fill(1), false),
    );
    expect([...buffer.subarray(0, 16), ...buffer.subarray(32)].every((byte) => byte === 1)).toBe(
      true,
    );
    expect(ours(key, new Uint8Array(0), false)).toBe('');
  });
});
