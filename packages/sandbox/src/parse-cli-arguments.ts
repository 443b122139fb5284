/** What `npx @enkash/sandbox` was asked for on its command line. */
export interface CliArguments {
  port: number;
  host: string;
  allowNonLoopback: boolean;
  help: boolean;
}

/** The default port of the CLI, so a demo can rely on a stable URL. */
export const DEFAULT_CLI_PORT = 4010;

function parsePort(value: string | undefined): number {
  const port = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || port > 65_535) {
    throw new TypeError(`--port needs an integer from 0 to 65535, got ${value ?? 'nothing'}`);
  }
  return port;
}

/**
 * Parses `npx @enkash/sandbox [--port N] [--host H] [--allow-non-loopback] [--help]`;
 * `--port=N` works too. Throws a `TypeError` on anything else.
 */
export function parseCliArguments(argv: readonly string[]): CliArguments {
  const result: CliArguments = {
    port: DEFAULT_CLI_PORT,
    host: '127.0.0.1',
    allowNonLoopback: false,
    help: false,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    const [name, inline] = argument.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++index];
    if (name === '--port' || name === '-p') result.port = parsePort(value());
    else if (name === '--host') result.host = value() ?? '';
    else if (name === '--allow-non-loopback') result.allowNonLoopback = true;
    else if (name === '--help' || name === '-h') result.help = true;
    else throw new TypeError(`Unknown argument: ${argument}`);
  }
  return result;
}
