import { createCipheriv, createHash } from 'node:crypto';
import { encryptPayload } from '@enkash/payouts';
import type { BenchContext } from '../bench-context.js';
import { atMostFigure, type Figure } from '../figure.js';
import { runInterleaved } from '../interleaved.js';
import { payloadOfSize } from './encrypted-call.js';

const FIGURE = 'encryptPayload, 100 KB';
const AGAINST = 'a bare node:crypto one-liner (EnKash sample)';
const SECRET = 'bench-payload-secret';

/**
 * `encryptPayload(value, secret)` on a 100 KB payload against the one-liner
 * of EnKash's Node sample doing the same work: SHA-256 of the secret, its
 * first 16 bytes as the key, `aes-128-ecb` over `JSON.stringify(value)`,
 * Base64. Both derive the key on every call, as a call with a secret does.
 */
export async function benchEncryptPayload(context: BenchContext): Promise<Figure[]> {
  const payload = payloadOfSize(100 * 1024);
  const oneLiner = async (value: unknown, secret: string) => {
    const key = createHash('sha256').update(secret).digest().subarray(0, 16);
    const cipher = createCipheriv('aes-128-ecb', key, null);
    return Buffer.concat([cipher.update(JSON.stringify(value)), cipher.final()]).toString('base64');
  };
  if ((await encryptPayload(payload, SECRET)) !== (await oneLiner(payload, SECRET))) {
    throw new Error('encryptPayload: the SDK and the one-liner disagree');
  }
  const contenders = [
    { name: 'ours', run: () => encryptPayload(payload, SECRET) },
    { name: 'bare', run: () => oneLiner(payload, SECRET) },
  ];
  context.progress(`${FIGURE} ...`);
  const result = await runInterleaved(contenders, context.timing);
  const text = { figure: FIGURE, against: AGAINST, ratioMeaning: 'our time ÷ the one-liner' };
  return [atMostFigure(result, { ours: 'ours', theirs: 'bare' }, text, 2)];
}
