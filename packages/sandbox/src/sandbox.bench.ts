import { test } from 'vitest';
import { createSandboxHandler } from './create-sandbox-handler.js';
import { startSandbox } from './start-sandbox.js';
import { correctRequest } from './test-support/token-request.js';

// How much a token request costs the test suites that use the sandbox, over the
// socket and in-process; reported, never asserted.
test('token request: HTTP on 127.0.0.1 versus the in-process handler', async ({ bench }) => {
  const sandbox = await startSandbox();
  const handler = createSandboxHandler();
  const { form, headers } = correctRequest('payouts', sandbox.users.payouts);
  const body = new URLSearchParams(form).toString();
  try {
    await bench.compare(
      bench('over HTTP', async () => {
        const url = `${sandbox.baseUrl('payouts')}/oauth/token`;
        await (await fetch(url, { method: 'POST', headers, body })).arrayBuffer();
      }),
      bench('in-process handler', async () => {
        const request = new Request('http://sandbox.test/payouts/oauth/token', {
          method: 'POST',
          headers,
          body,
        });
        await (await handler(request)).arrayBuffer();
      }),
      { time: 500 },
    );
  } finally {
    handler.close();
    await sandbox.close();
  }
});
