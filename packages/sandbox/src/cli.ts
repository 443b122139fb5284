import { formatLogLine } from './format-log-line.js';
import { parseCliArguments } from './parse-cli-arguments.js';
import { SANDBOX_PRODUCTS } from './products.js';
import { startSandbox } from './start-sandbox.js';

const USAGE = `Usage: enkash-sandbox [--port N] [--host H] [--allow-non-loopback]

Serves EnKash's token endpoint for payouts, cards, bbps, rewards and expense
under http://HOST:PORT/<product>, with demo credentials. For tests and demos only.
`;

async function main(): Promise<void> {
  const cli = parseCliArguments(process.argv.slice(2));
  if (cli.help) {
    process.stdout.write(USAGE);
    return;
  }
  const sandbox = await startSandbox({
    host: cli.host,
    port: cli.port,
    allowNonLoopback: cli.allowNonLoopback,
    onRequest: (entry) => process.stdout.write(`${formatLogLine(entry)}\n`),
  });
  const lines = [`EnKash sandbox listening on ${sandbox.url}`, ''];
  for (const product of SANDBOX_PRODUCTS) {
    const { clientId, clientSecret, username, password, apiKey } = sandbox.users[product];
    lines.push(`${product}: baseUrl ${sandbox.baseUrl(product)}`);
    // The demo credentials are printed on purpose: they exist only in this sandbox.
    lines.push(`  clientId ${clientId}  clientSecret ${clientSecret}`);
    lines.push(
      `  username ${username}  password ${password}${apiKey === undefined ? '' : `  apiKey ${apiKey}`}`,
    );
  }
  lines.push('', 'Requests (redacted):');
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `enkash-sandbox: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
