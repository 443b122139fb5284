// The portable scenario every runtime of the matrix runs against the sandbox on loopback, with
// the packages as npm installed them. Plain JavaScript with nothing but fetch: Node, Bun, Deno and
// workerd run this same file. A step is { name, expected, run }: `run` returns what it observed,
// and the test compares it with `expected`. To add a step, add it to `steps` below.
import { createPayoutsAuth, decryptPayload, encryptPayload } from '@enkash/payouts';

const WRONG_PASSWORD = 'wrong-password-of-the-matrix';

/**
 * Creates the auths (at module scope in a Worker, where construction must do no I/O, start no
 * timer and draw no randomness) and returns the steps, run in order by `run()`.
 * `config`: { baseUrl, user: { clientId, clientSecret, username, password }, probeUrl }.
 */
export function createScenario(config) {
  const options = { baseUrl: config.baseUrl, ...config.user, retries: 0 };
  const auth = createPayoutsAuth(options);
  const concurrentAuth = createPayoutsAuth(options);
  const wrongAuth = createPayoutsAuth({ ...options, password: WRONG_PASSWORD });

  /** The sandbox's counters for the user, read through the test's probe. */
  const probe = async () => (await fetch(config.probeUrl)).json();
  /** What `action` returned, with how many token requests and pings it caused. */
  const counted = async (action) => {
    const before = await probe();
    const observed = await action();
    const after = await probe();
    return {
      ...observed,
      tokenRequests: after.tokenRequests - before.tokenRequests,
      pings: after.pings - before.pings,
      locked: after.locked,
    };
  };
  // `node:diagnostics_channel` where the runtime has it (Node, Bun, Deno, workerd with
  // nodejs_compat), reached as the SDK reaches it; `undefined` elsewhere (plain workerd).
  const diagnostics = globalThis.process?.getBuiltinModule?.('node:diagnostics_channel');
  const channelAuth = createPayoutsAuth(options);
  const codeOf = (promise) =>
    promise.then(
      () => 'resolved',
      (error) => error?.code ?? String(error),
    );

  const steps = [
    {
      name: 'gets a token',
      expected: { tokenType: 'bearer', hasToken: true, expiresLater: true, tokenRequests: 1 },
      run: () =>
        counted(async () => {
          const token = await auth.getToken();
          return {
            tokenType: token.tokenType.toLowerCase(),
            hasToken: token.accessToken.length > 0,
            expiresLater: token.expiresAt > Date.now(),
          };
        }),
    },
    {
      name: 'serves a second call from the cache',
      expected: { sameToken: true, tokenRequests: 0 },
      run: async () => {
        const first = (await auth.getToken()).accessToken;
        return counted(async () => ({ sameToken: (await auth.getToken()).accessToken === first }));
      },
    },
    {
      name: 'sends 1 token request for 100 concurrent callers',
      expected: { callers: 100, distinctTokens: 1, tokenRequests: 1 },
      run: async () => {
        // Every auth of one account shares its token: start this one from none.
        await concurrentAuth.invalidate();
        return counted(async () => {
          const tokens = await Promise.all(
            Array.from({ length: 100 }, () => concurrentAuth.getToken()),
          );
          return {
            callers: tokens.length,
            distinctTokens: new Set(tokens.map((token) => token.accessToken)).size,
          };
        });
      },
    },
    {
      name: 'publishes on the enkash:auth channel where the runtime has one, and works without',
      expected: {
        heard: diagnostics === undefined ? 'no channel' : ['token-request', 'token'],
        tokenRequests: 1,
      },
      run: () =>
        counted(async () => {
          await channelAuth.invalidate();
          if (diagnostics === undefined) {
            await channelAuth.getToken();
            return { heard: 'no channel' };
          }
          const heard = [];
          const listen = (message) => {
            if (message.product === 'payouts') heard.push(message.event);
          };
          diagnostics.subscribe('enkash:auth', listen);
          try {
            await channelAuth.getToken();
          } finally {
            diagnostics.unsubscribe('enkash:auth', listen);
          }
          return { heard: heard.filter((event) => event !== 'token-adopted') };
        }),
    },
    {
      name: 'stops a wrong password: REJECTED, REJECTED, LOCKOUT_GUARD, account not locked',
      expected: {
        codes: ['REJECTED', 'REJECTED', 'LOCKOUT_GUARD'],
        tokenRequests: 2,
        locked: false,
      },
      run: () =>
        counted(async () => {
          const codes = [];
          for (let attempt = 0; attempt < 3; attempt += 1) {
            // Forced: the account's token (requested with the right password) is still held.
            codes.push(await codeOf(wrongAuth.getToken({ forceRefresh: true })));
          }
          return { codes };
        }),
    },
    {
      name: 'makes a bearer call with the cached token',
      expected: { status: 200, body: { ok: true, product: 'payouts' }, pings: 1, tokenRequests: 0 },
      run: () =>
        counted(async () => {
          const response = await auth.client.get('api/ping');
          return { status: response.status, body: await response.json() };
        }),
    },
    {
      name: 'round-trips an encrypted payload through the client and by hand',
      expected: {
        status: 200,
        method: 'POST',
        echoed: true,
        byHand: true,
        pings: 0,
        tokenRequests: 0,
      },
      run: () =>
        counted(async () => {
          const payload = { beneficiaryName: 'Asha Rao', amount: 100, note: 'नमस्ते ✓' };
          // The sandbox answers only an encrypted envelope, and answers one: a 200 with the
          // plaintext back proves both directions.
          const response = await auth.client.post('api/echo', { json: payload });
          const body = await response.json();
          const sealed = await encryptPayload(payload, config.user.clientSecret);
          const opened = await decryptPayload(sealed, config.user.clientSecret);
          return {
            status: response.status,
            method: body.method,
            echoed: JSON.stringify(body.received) === JSON.stringify(payload),
            byHand: JSON.stringify(opened) === JSON.stringify(payload),
          };
        }),
    },
  ];

  return {
    steps,
    /** Runs every step in order; a failing step is reported and the next one still runs. */
    async run() {
      const results = [];
      for (const step of steps) {
        try {
          const observed = await step.run();
          // Counters a step does not expect are left out of the comparison.
          const compared = Object.fromEntries(
            Object.keys(step.expected).map((key) => [key, observed[key]]),
          );
          results.push({ name: step.name, expected: step.expected, observed: compared });
        } catch (error) {
          results.push({
            name: step.name,
            expected: step.expected,
            error: String(error?.stack ?? error),
          });
        }
      }
      return results;
    },
  };
}
