import { formatLogLine } from './format-log-line.js';
import { parseCliArguments } from './parse-cli-arguments.js';
import { SANDBOX_PRODUCTS } from './products.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';

/** The usage text `npx @enkash/sandbox --help` prints. */
export const CLI_USAGE = `Usage: npx @enkash/sandbox [--port N] [--host H] [--allow-non-loopback]

Serves EnKash's token endpoint for payouts, cards, bbps, rewards and expense
under http://HOST:PORT/<product>, with demo credentials. For tests and demos only.
`;

function banner(sandbox: Sandbox): string {
  const lines = [`EnKash sandbox listening on ${sandbox.url}`, ''];
  for (const product of SANDBOX_PRODUCTS) {
    const { clientId, clientSecret, username, password, apiKey } = sandbox.users[product];
    lines.push(`${product}: baseUrl ${sandbox.baseUrl(product)}`);
    // The demo credentials are printed on purpose: they exist only in this sandbox.
    lines.push(`  clientId ${clientId}  clientSecret ${clientSecret}`);
    const apiKeyText = apiKey === undefined ? '' : `  apiKey ${apiKey}`;
    lines.push(`  username ${username}  password ${password}${apiKeyText}`);
  }
  lines.push('', 'Requests (redacted):', '');
  return lines.join('\n');
}

/**
 * What `npx @enkash/sandbox` does, minus the process handling: starts the sandbox,
 * writes the base URLs and demo credentials, then one redacted line per request.
 * Resolves `undefined` after `--help`.
 */
export async function runCli(
  argv: readonly string[],
  write: (text: string) => void,
): Promise<Sandbox | undefined> {
  const cli = parseCliArguments(argv);
  if (cli.help) {
    write(CLI_USAGE);
    return undefined;
  }
  const sandbox = await startSandbox({
    host: cli.host,
    port: cli.port,
    allowNonLoopback: cli.allowNonLoopback,
    onRequest: (entry) => write(`${formatLogLine(entry)}\n`),
  });
  write(banner(sandbox));
  return sandbox;
}
