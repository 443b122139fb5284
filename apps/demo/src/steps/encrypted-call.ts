import type { EnkashAuth } from '@enkash/auth-core';
import type { Step } from './step.js';

const ECHO_PATH = 'api/echo';
/** What the demo sends: made-up, shaped like a payout beneficiary. */
const PAYLOAD = { beneficiaryName: 'Asha Rao', amount: 100, note: 'demo payout ✓' };
/** The products whose API payloads EnKash encrypts; the others send JSON in clear. */
const ENCRYPTING = new Set(['payouts', 'cards', 'rewards']);
/** Cards calls need a partner id; any will do for the sandbox. */
const DEMO_PARTNER_ID = 'CR0000001';

/**
 * A ciphertext cut to its first characters and its length: enough to see it
 * is not plaintext, and too short to look like a token to the output checks.
 */
function shorten(text: string): string {
  return `${text.slice(0, 20)}… (${text.length} characters)`;
}

/**
 * An encrypted round trip through `auth.client`: the JSON body leaves as
 * `{"request": "<ciphertext>"}`, the sandbox's encrypted echo answers the
 * same way, and the client hands back the decrypted result.
 */
export const encryptedCallStep: Step = {
  label: 'encrypted call',
  column: 'encrypted',
  sandboxOnly: 'EnKash has no echo endpoint; call your API through auth.client',
  async run({ target, createAuth }) {
    const name = target.product.name;
    if (!ENCRYPTING.has(name)) {
      return {
        ok: true,
        lines: [`${name} payloads travel in clear (no EnKash page asks for encryption)`],
        summary: 'clear',
      };
    }
    const wire: Array<{ sent: string; got: string }> = [];
    const tap: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const sent = await request.clone().text();
      const response = await fetch(request);
      if (request.url.endsWith(`/${ECHO_PATH}`)) {
        wire.push({ sent, got: await response.clone().text() });
      }
      return response;
    };
    const auth: EnkashAuth = createAuth({
      fetch: tap,
      ...(name === 'cards' ? { partnerId: DEMO_PARTNER_ID } : {}),
    });
    const result = await auth.client.post(ECHO_PATH, { json: PAYLOAD }).json();
    const call = wire.at(-1);
    const sent = JSON.parse(call?.sent ?? '{}') as { request?: string };
    const got = JSON.parse(call?.got ?? '{}') as { request?: string };
    const received = (result as { received?: unknown }).received;
    return {
      ok:
        typeof sent.request === 'string' &&
        typeof got.request === 'string' &&
        JSON.stringify(received) === JSON.stringify(PAYLOAD),
      lines: [
        `auth.client.post('${ECHO_PATH}', { json: ${JSON.stringify(PAYLOAD)} })`,
        `  sent:     {"request":"${shorten(sent.request ?? '')}"}`,
        `  answered: {"request":"${shorten(got.request ?? '')}"}`,
        `  result:   ${JSON.stringify(result)}`,
      ],
      summary: 'round trip',
    };
  },
};
