/**
 * Encrypts (`decrypt` false) or decrypts every 16-byte block of `bytes` in
 * place with AES-128 (FIPS-197): ECB, which WebCrypto does not offer and
 * EnKash's payloads use. The length must be whole blocks.
 */
export function aesBlocks(bytes: Uint8Array, key: AesKey, decrypt: boolean): void {
  const [t0, t1, t2, t3, sbox] = aesTables()[decrypt ? 1 : 0];
  const roundKeys = key[decrypt ? 1 : 0];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  // The decryption tables work on the state's columns 1 and 3 swapped.
  const second = decrypt ? 12 : 4;
  const fourth = decrypt ? 4 : 12;
  for (let offset = 0; offset < bytes.length; offset += 16) {
    let a = view.getInt32(offset) ^ (roundKeys[0] as number);
    let b = view.getInt32(offset + second) ^ (roundKeys[1] as number);
    let c = view.getInt32(offset + 8) ^ (roundKeys[2] as number);
    let d = view.getInt32(offset + fourth) ^ (roundKeys[3] as number);
    let next = 4;
    // Nine full rounds: each column is four table lookups.
    for (let round = 1; round < 10; round += 1, next += 4) {
      const a2 = column(t0, t1, t2, t3, a, b, c, d) ^ (roundKeys[next] as number);
      const b2 = column(t0, t1, t2, t3, b, c, d, a) ^ (roundKeys[next + 1] as number);
      const c2 = column(t0, t1, t2, t3, c, d, a, b) ^ (roundKeys[next + 2] as number);
      d = column(t0, t1, t2, t3, d, a, b, c) ^ (roundKeys[next + 3] as number);
      a = a2;
      b = b2;
      c = c2;
    }
    // The last round has no MixColumns: the S-box alone.
    for (let word = 0; word < 4; word += 1) {
      view.setInt32(
        offset + 4 * (decrypt ? 3 & -word : word),
        substitute(sbox, a, b, c, d) ^ (roundKeys[next + word] as number),
      );
      const first = a;
      a = b;
      b = c;
      c = d;
      d = first;
    }
  }
}

/** An expanded AES-128 key: the encryption round keys, then the decryption ones. */
export type AesKey = readonly [Int32Array, Int32Array];

/** Expands a 16-byte AES-128 key into both directions' round keys. */
export function expandAesKey(key: Uint8Array): AesKey {
  const [[, , , , sbox], [t0, t1, t2, t3]] = aesTables();
  const view = new DataView(key.buffer, key.byteOffset, 16);
  const encryption = new Int32Array(44);
  const decryption = new Int32Array(44);
  let roundConstant = 1;
  for (let index = 0; index < 44; index += 1) {
    let word = index < 4 ? view.getInt32(4 * index) : (encryption[index - 1] as number);
    if (index > 3 && index % 4 === 0) {
      const rotated = substitute(sbox, word, word, word, word);
      word = (rotated << 8) ^ (rotated >>> 24) ^ (roundConstant << 24);
      roundConstant = (roundConstant << 1) ^ ((roundConstant >> 7) * 0x11b);
    }
    encryption[index] = index < 4 ? word : (encryption[index - 4] as number) ^ word;
  }
  // Decryption runs the rounds backwards, through InvMixColumns but for the first and last.
  for (let index = 0, from = 44; from > 0; index += 1, from -= 1) {
    const word = encryption[index & 3 ? from : from - 4] as number;
    decryption[index] =
      from <= 4 || index < 4
        ? word
        : (t0[sbox[word >>> 24] as number] as number) ^
          (t1[sbox[(word >> 16) & 255] as number] as number) ^
          (t2[sbox[(word >> 8) & 255] as number] as number) ^
          (t3[sbox[word & 255] as number] as number);
  }
  return [encryption, decryption];
}

/** Four round tables and the S-box, per direction (the layout of the Stanford JavaScript Crypto Library). */
type Tables = [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];

let tables: [Tables, Tables] | undefined;

/** The tables, computed at first use (about 10 KB): loading the module computes nothing. */
function aesTables(): [Tables, Tables] {
  if (tables) return tables;
  const make = () => [0, 0, 0, 0, 0].map(() => new Int32Array(256)) as Tables;
  const encryption = make();
  const decryption = make();
  const sbox = encryption[4];
  const inverse = decryption[4];
  // Doubling in GF(2^8), and the inverse of tripling, which walks the field's generator.
  const double: number[] = [];
  const third: number[] = [];
  for (let x = 0; x < 256; x += 1) {
    const doubled = (x << 1) ^ ((x >> 7) * 0x11b);
    double[x] = doubled;
    third[doubled ^ x] = x;
  }
  let x2 = 0;
  for (let x = 0, inverseOfX = 0; !sbox[x]; x ^= x2 || 1, inverseOfX = third[inverseOfX] || 1) {
    // The S-box: the affine transform of the multiplicative inverse.
    let s =
      inverseOfX ^ (inverseOfX << 1) ^ (inverseOfX << 2) ^ (inverseOfX << 3) ^ (inverseOfX << 4);
    s = (s >> 8) ^ (s & 255) ^ 99;
    sbox[x] = s;
    inverse[s] = x;
    x2 = double[x] as number;
    const x4 = double[x2] as number;
    const x8 = double[x4] as number;
    // MixColumns' column for S(x), and InvMixColumns' for x, in four byte rotations.
    let forward = ((double[s] as number) * 0x101) ^ (s * 0x1010100);
    let backward = (x8 * 0x1010101) ^ (x4 * 0x10001) ^ (x2 * 0x101) ^ (x * 0x1010100);
    for (let table = 0; table < 4; table += 1) {
      (encryption[table] as Int32Array)[x] = forward = (forward << 24) ^ (forward >>> 8);
      (decryption[table] as Int32Array)[s] = backward = (backward << 24) ^ (backward >>> 8);
    }
  }
  tables = [encryption, decryption];
  return tables;
}

/** One column of a full round: SubBytes, ShiftRows and MixColumns as four lookups. */
function column(
  t0: Int32Array,
  t1: Int32Array,
  t2: Int32Array,
  t3: Int32Array,
  a: number,
  b: number,
  c: number,
  d: number,
): number {
  return (
    (t0[a >>> 24] as number) ^
    (t1[(b >> 16) & 255] as number) ^
    (t2[(c >> 8) & 255] as number) ^
    (t3[d & 255] as number)
  );
}

/** A word of S-box bytes: the top byte of `a`, the second of `b`, the third of `c`, the last of `d`. */
function substitute(sbox: Int32Array, a: number, b: number, c: number, d: number): number {
  return (
    ((sbox[a >>> 24] as number) << 24) ^
    ((sbox[(b >> 16) & 255] as number) << 16) ^
    ((sbox[(c >> 8) & 255] as number) << 8) ^
    (sbox[d & 255] as number)
  );
}
