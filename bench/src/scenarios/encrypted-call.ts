import * as payouts from '@enkash/payouts';
import { runAlternating } from '../alternating.js';
import type { BenchContext } from '../bench-context.js';
import { atMostFigure, type Figure } from '../figure.js';

const FIGURE = 'Encrypted call, 1 KB payload';
const AGAINST = 'client.post(json) encrypted vs the same bytes unencrypted';

type EncryptPayload = (value: unknown, secretKey: string) => Promise<string>;

/** A JSON object of exactly `bytes` bytes once stringified, shaped like a payout request. */
export function payloadOfSize(bytes: number): Record<string, string> {
  const payload = { beneficiaryName: 'Bench Beneficiary', accountNumber: '000123456789', note: '' };
  payload.note = 'x'.repeat(bytes - JSON.stringify(payload).length);
  return payload;
}

/**
 * A payouts call with a 1 KB JSON payload to the sandbox's encrypted echo
 * (`POST /payouts/api/echo`): the SDK encrypting the request and decrypting
 * the answer, against an auth with `encryption: false` sending the same
 * envelope, pre-encrypted, and reading the answer as text. The wire bytes and
 * the sandbox's work are the same, so the ratio is what encryption costs the
 * caller. Skipped until the encryption feature (issue 11) is there.
 */
export async function benchEncryptedCall(context: BenchContext): Promise<Figure[]> {
  const { sandbox } = context;
  const user = sandbox.users.payouts;
  const baseUrl = sandbox.baseUrl('payouts');
  const encryptPayload = (payouts as Record<string, unknown>).encryptPayload as
    | EncryptPayload
    | undefined;
  if (typeof encryptPayload !== 'function') {
    return [skipped('@enkash/payouts does not export encryptPayload yet (issue 11 adds it).')];
  }
  const payload = payloadOfSize(1024);
  const envelope = JSON.stringify({ request: await encryptPayload(payload, user.clientSecret) });
  const plain = payouts.createPayoutsAuth({ baseUrl, ...user, encryption: false } as Parameters<
    typeof payouts.createPayoutsAuth
  >[0]);
  const probe = await plain.fetch('api/echo', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: envelope,
  });
  await probe.arrayBuffer();
  if (!probe.ok) {
    return [skipped(`the sandbox answers POST /payouts/api/echo with HTTP ${probe.status}.`)];
  }
  const encrypted = payouts.createPayoutsAuth({ baseUrl, ...user });
  const echoed = await encrypted.client.post('api/echo', { json: payload }).json();
  if (JSON.stringify(echoed).length < 1024) {
    throw new Error('encrypted call: the echo did not come back decrypted');
  }
  const contenders = [
    {
      name: 'encrypted',
      run: () => encrypted.client.post('api/echo', { json: payload }).json(),
    },
    {
      name: 'plain',
      run: () =>
        plain.client
          .post('api/echo', { body: envelope, headers: { 'content-type': 'application/json' } })
          .text(),
    },
  ];
  context.progress('Encrypted call ...');
  const result = await runAlternating(contenders, context.timing);
  const text = {
    figure: FIGURE,
    against: AGAINST,
    ratioMeaning: 'encrypted time ÷ unencrypted time',
  };
  return [atMostFigure(result, { ours: 'encrypted', theirs: 'plain' }, text, 1.2)];
}

function skipped(reason: string): Figure {
  return {
    figure: FIGURE,
    against: AGAINST,
    ours: '',
    theirs: '',
    target: '≤ 1.2×',
    verdict: 'SKIP',
    note: `skipped: ${reason} It runs by itself once the feature is there.`,
  };
}
