import { Console } from 'node:console';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { pinoAdapter, winstonAdapter } from '../../test-support/logger-adapters.js';
import { sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { EnkashAuthLogger } from './logger.js';

const sandbox = useSandbox();

/**
 * A stream that keeps what is written to it, in memory. The loggers over it hold
 * no timer nor socket, so nothing is left to stop; they are not ended either, as
 * the auth's background store work may still log after the test's last await.
 */
function memoryStream(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let written = '';
  stream.on('data', (chunk: Buffer) => {
    written += chunk.toString();
  });
  return { stream, text: () => written };
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A retried 503 and a token, then two rejections, the guard's trip and one refusal. */
async function runLifecycle(logger: EnkashAuthLogger): Promise<void> {
  const auth = sandboxAuth(sandbox(), camelDefinition, { logger, retries: 1, retryDelayMs: 0 });
  sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
  await auth.getToken();
  const wrong = sandboxAuth(sandbox(), camelDefinition, { logger, password: 'wrong-password-81' });
  for (let call = 0; call < 3; call += 1) await failureOf(wrong.getToken({ forceRefresh: true }));
}

const EXPECTED_LEVELS = [
  ['debug', 'enkash payouts: token-request'],
  ['warn', 'enkash payouts: retry'],
  ['debug', 'enkash payouts: token-request'],
  ['debug', 'enkash payouts: token'],
  ['warn', 'enkash payouts: token-request'],
  ['warn', 'enkash payouts: token-request'],
  ['error', 'enkash payouts: lockout'],
  ['warn', 'enkash payouts: guard-refused'],
];

describe('pino, through the adapter the guide shows', () => {
  it('writes every entry at its level, the fields merged into the JSON line', async () => {
    const output = memoryStream();
    const logger = pino({ level: 'debug', base: null, timestamp: false }, output.stream);
    await runLifecycle(pinoAdapter(logger));
    const lines = jsonLines(output.text());
    const levelName: Record<number, string> = { 20: 'debug', 40: 'warn', 50: 'error' };
    expect(lines.map((line) => [levelName[line.level as number], line.msg])).toEqual(
      EXPECTED_LEVELS,
    );
    expect(lines[1]).toEqual({
      level: 40,
      msg: 'enkash payouts: retry',
      product: 'payouts',
      attempt: 1,
      delayMs: 0,
      status: 503,
      code: 'HTTP',
    });
    expect(lines[6]).toEqual({
      level: 50,
      msg: 'enkash payouts: lockout',
      product: 'payouts',
      failures: 2,
      maxConsecutiveFailures: 2,
    });
  });
});

describe('winston, through the adapter the guide shows', () => {
  it('writes every entry at its level, the fields merged into the JSON line', async () => {
    const output = memoryStream();
    const logger = winston.createLogger({
      level: 'debug',
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream: output.stream })],
    });
    await runLifecycle(winstonAdapter(logger));
    const lines = jsonLines(output.text());
    expect(lines.map((line) => [line.level, line.message])).toEqual(EXPECTED_LEVELS);
    expect(lines[1]).toEqual({
      level: 'warn',
      message: 'enkash payouts: retry',
      product: 'payouts',
      attempt: 1,
      delayMs: 0,
      status: 503,
      code: 'HTTP',
    });
    expect(lines[7]).toEqual({
      level: 'warn',
      message: 'enkash payouts: guard-refused',
      product: 'payouts',
      failures: 2,
      maxConsecutiveFailures: 2,
    });
  });

  it('works as is, without the adapter, as the guide says', async () => {
    const output = memoryStream();
    const logger = winston.createLogger({
      level: 'debug',
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream: output.stream })],
    });
    await runLifecycle(logger);
    const lines = jsonLines(output.text());
    expect(lines.map((line) => [line.level, line.message])).toEqual(EXPECTED_LEVELS);
  });
});

describe('the guide', () => {
  const guide = readFileSync(new URL('../../../../docs/guide.md', import.meta.url), 'utf8');
  const adapters = readFileSync(
    new URL('../../test-support/logger-adapters.ts', import.meta.url),
    'utf8',
  );

  it.each([
    ['pinoAdapter', 'pinoLogger'],
    ['winstonAdapter', 'winstonLogger'],
  ])('shows the four lines of %s tested here, word for word', (adapter, guideName) => {
    const body = adapters.slice(adapters.indexOf(`function ${adapter}(`));
    const methods = body.match(/^ {4}(debug|info|warn|error): .*,$/gm)?.slice(0, 4) ?? [];
    expect(methods).toHaveLength(4);
    for (const line of methods) {
      expect(guide).toContain(line.trim().replaceAll('logger.', `${guideName}.`));
    }
  });
});

describe('a payload field named message (store-error, refresh-error)', () => {
  const failingStore = () => ({
    ...createMemoryStore(),
    get: async (): Promise<string | undefined> => {
      throw new Error('store read failed on purpose');
    },
  });

  it('pino keeps it as a field of its own', async () => {
    const output = memoryStream();
    const logger = pino({ level: 'warn', base: null, timestamp: false }, output.stream);
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      logger: pinoAdapter(logger),
      store: failingStore(),
    });
    await auth.getToken();
    expect(jsonLines(output.text())[0]).toEqual({
      level: 40,
      msg: 'enkash payouts: store-error',
      product: 'payouts',
      operation: 'get',
      errorName: 'Error',
      message: 'store read failed on purpose',
    });
  });

  it('winston appends it to the message, as it does with any meta message', async () => {
    const output = memoryStream();
    const logger = winston.createLogger({
      level: 'warn',
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream: output.stream })],
    });
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      logger: winstonAdapter(logger),
      store: failingStore(),
    });
    await auth.getToken();
    expect(jsonLines(output.text())[0]).toEqual({
      level: 'warn',
      message: 'enkash payouts: store-error store read failed on purpose',
      product: 'payouts',
      operation: 'get',
      errorName: 'Error',
    });
  });
});

describe('console, as is', () => {
  it('writes the entries, the fields inspected after the message', async () => {
    // A Console like the global one, writing to memory instead of the terminal.
    const output = memoryStream();
    const logger = new Console({ stdout: output.stream, stderr: output.stream });
    await sandboxAuth(sandbox(), camelDefinition, { logger }).getToken();
    const written = output.text();
    // console.debug formats as util.format does: the message, then the fields inspected.
    expect(written).toMatch(
      /^enkash payouts: token-request \{\n {2}product: 'payouts',\n {2}attempt: 1,/,
    );
    expect(written).toContain("\nenkash payouts: token { product: 'payouts', tokenType: 'bearer'");
  });
});
