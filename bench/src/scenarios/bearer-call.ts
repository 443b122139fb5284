import type { EnkashAuth } from '@enkash/auth-core';
import { createBbpsAuth } from '@enkash/bbps';
import { createPayoutsAuth } from '@enkash/payouts';
import { runAlternating } from '../alternating.js';
import type { BenchContext } from '../bench-context.js';
import { atMost, type Figure, formatDuration } from '../figure.js';
import { type Contender, type InterleavedResult, ratios } from '../interleaved.js';

/** One product's bearer call: its auth and the URL of its ping. */
interface BearerProduct {
  name: string;
  /** What sets the product apart here, for the table. */
  describe: string;
  auth: EnkashAuth;
  /** The most `auth.fetch` may cost against a bare fetch (our time ÷ theirs). */
  maximum: number;
  authorization: string;
  url: string;
}

/**
 * A bearer call with a cached token (`GET /{product}/api/ping` on the
 * sandbox, a small JSON answer that is not an envelope): `auth.fetch(url)`
 * and `auth.client.get()` against a bare `fetch` carrying the same
 * `Authorization` header, for a product that encrypts payloads (payouts:
 * every JSON answer is examined for an envelope) and one that does not
 * (bbps). Every body is read to the end. Targets: at most 1.2× for payouts,
 * 1.1× for bbps.
 */
export async function benchBearerCall(context: BenchContext): Promise<Figure[]> {
  const { sandbox } = context;
  const payouts = createPayoutsAuth({
    baseUrl: sandbox.baseUrl('payouts'),
    ...sandbox.users.payouts,
  });
  const bbps = createBbpsAuth({ baseUrl: sandbox.baseUrl('bbps'), ...sandbox.users.bbps });
  const products: BearerProduct[] = [
    {
      name: 'payouts',
      describe: 'payouts (encrypts payloads)',
      auth: payouts,
      // A JSON answer might be an encrypted envelope, and only reading it tells.
      maximum: 1.2,
      authorization: await payouts.getAuthorizationHeader(),
      url: `${sandbox.baseUrl('payouts')}/api/ping`,
    },
    {
      name: 'bbps',
      describe: 'bbps (payloads in clear)',
      auth: bbps,
      maximum: 1.1,
      authorization: await bbps.getAuthorizationHeader(),
      url: `${sandbox.baseUrl('bbps')}/api/ping`,
    },
  ];
  const check = (response: Response) => {
    if (!response.ok) throw new Error(`bearer call: HTTP ${response.status}`);
    return response.arrayBuffer();
  };
  const figures: Figure[] = [];
  // One interleaved run per product keeps each call beside its own bare fetch in time.
  for (const product of products) {
    const { name, auth, authorization, url } = product;
    const contenders: Contender[] = [
      { name: `${name} fetch`, run: async () => check(await auth.fetch(url)) },
      {
        name: `${name} bare`,
        run: async () => check(await fetch(url, { headers: { authorization } })),
      },
      { name: `${name} client`, run: async () => check(await auth.client.get('api/ping')) },
    ];
    for (const contender of contenders) await contender.run();
    context.progress(`Bearer call, ${name} ...`);
    figures.push(...figuresOf(await runAlternating(contenders, context.timing), product));
  }
  return figures;
}

function figuresOf(
  result: InterleavedResult,
  { name, describe, maximum }: BearerProduct,
): Figure[] {
  const time = (contender: string) => formatDuration(result.medianNs.cpu[contender] ?? Number.NaN);
  const ratioMeaning = 'our time ÷ bare fetch (below 1: ours is faster)';
  const viaFetch = ratios(result, `${name} fetch`, `${name} bare`);
  const viaClient = ratios(result, `${name} client`, `${name} bare`);
  return [
    {
      figure: 'Bearer call, cached token',
      against: `${describe}: auth.fetch(url) vs bare fetch(url, {headers})`,
      ours: time(`${name} fetch`),
      theirs: time(`${name} bare`),
      ...viaFetch,
      ratioMeaning,
      target: `≤ ${maximum}×`,
      verdict: atMost(viaFetch.ratio, maximum),
    },
    {
      figure: 'Bearer call, cached token',
      against: `${describe}: auth.client.get(path) vs bare fetch`,
      ours: time(`${name} client`),
      theirs: time(`${name} bare`),
      ...viaClient,
      ratioMeaning,
      target: '',
      verdict: 'INFO',
    },
  ];
}
