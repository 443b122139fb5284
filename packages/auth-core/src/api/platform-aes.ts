/** What the payload cipher takes from `node:crypto`, as Node, Bun, Deno and Workers (nodejs_compat) offer it. */
interface NodeCrypto {
  createSecretKey(key: Uint8Array): object;
  createCipheriv(algorithm: string, key: object, iv: null): NodeCipher;
  createDecipheriv(algorithm: string, key: object, iv: null): NodeCipher;
}

interface NodeCipher {
  update(data: string, input: 'utf8', output: 'base64'): string;
  update(data: Uint8Array): Uint8Array;
  final(output: 'base64'): string;
  final(): Uint8Array;
}

interface RuntimeGlobals {
  process?: { getBuiltinModule?(name: string): unknown };
}

/**
 * AES-128-ECB with PKCS#7 padding from the platform (OpenSSL or the
 * runtime's own), constant-time where the table implementation is not.
 */
export interface PlatformAes {
  /** The platform's key object for 16 key bytes: made once per key. */
  key(bytes: Uint8Array): object;
  /** Encrypts the UTF-8 bytes of `text`, padded; Base64 out. */
  seal(key: object, text: string): string;
  /** Decrypts whole blocks and strips the padding; `undefined` when the padding is bad. */
  open(key: object, bytes: Uint8Array): Uint8Array | undefined;
}

// FIPS-197's key, and 16 bytes of text: one block of data and one of padding.
const KNOWN_KEY = Uint8Array.from({ length: 16 }, (_, index) => index);
const KNOWN_TEXT = '{"known":"text"}';
const KNOWN_ANSWER = 'Qaxv5udaJVzPzecu7/og3pVPZPLk6G6e7oLSAhZoSJk=';

let checked: PlatformAes | null | undefined;

/**
 * The platform's AES where the runtime provides `node:crypto` (Node 22.3+,
 * Bun, Deno, Workers with `nodejs_compat`), reached through
 * `process?.getBuiltinModule`, which no bundler follows and a browser lacks.
 * Looked up at first use, not at import, and only once it has given the
 * known answer, both ways; else `undefined`, and the table implementation
 * serves.
 */
export function platformAes(): PlatformAes | undefined {
  checked ??=
    loadPlatformAes(() =>
      (globalThis as RuntimeGlobals).process?.getBuiltinModule?.('node:crypto'),
    ) ?? null;
  return checked ?? undefined;
}

/** {@link platformAes} from the module `load` returns: `undefined` when it fails the known-answer test. */
export function loadPlatformAes(load: () => unknown): PlatformAes | undefined {
  try {
    const crypto = load() as NodeCrypto | undefined;
    if (crypto === undefined) return undefined;
    const aes: PlatformAes = {
      key: (bytes) => crypto.createSecretKey(bytes),
      seal(key, text) {
        const cipher = crypto.createCipheriv('aes-128-ecb', key, null);
        return cipher.update(text, 'utf8', 'base64') + cipher.final('base64');
      },
      open(key, bytes) {
        const decipher = crypto.createDecipheriv('aes-128-ecb', key, null);
        let head: Uint8Array;
        let tail: Uint8Array;
        try {
          head = decipher.update(bytes);
          tail = decipher.final();
        } catch {
          // OpenSSL's "bad decrypt": the padding is wrong, mostly a wrong key.
          return undefined;
        }
        if (tail.length === 0) return head;
        const plain = new Uint8Array(head.length + tail.length);
        plain.set(head);
        plain.set(tail, head.length);
        return plain;
      },
    };
    const key = aes.key(KNOWN_KEY);
    const sealed = aes.seal(key, KNOWN_TEXT);
    const opened = aes.open(
      key,
      Uint8Array.from(atob(sealed), (char) => char.charCodeAt(0)),
    );
    return sealed === KNOWN_ANSWER && new TextDecoder().decode(opened) === KNOWN_TEXT
      ? aes
      : undefined;
  } catch {
    return undefined;
  }
}
