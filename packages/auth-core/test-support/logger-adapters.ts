// The adapters the guide shows, word for word: keep the two in step.
import type { Logger as PinoLogger } from 'pino';
import type { Logger as WinstonLogger } from 'winston';
import type { EnkashAuthLogger } from '../src/index.js';

/** pino takes the fields first, then the message: `logger.debug(fields, message)`. */
export function pinoAdapter(logger: PinoLogger): EnkashAuthLogger {
  return {
    debug: (message, fields) => logger.debug(fields, message),
    info: (message, fields) => logger.info(fields, message),
    warn: (message, fields) => logger.warn(fields, message),
    error: (message, fields) => logger.error(fields, message),
  };
}

/** winston takes the message first, then the fields, which it merges into the entry. */
export function winstonAdapter(logger: WinstonLogger): EnkashAuthLogger {
  return {
    debug: (message, fields) => logger.debug(message, fields),
    info: (message, fields) => logger.info(message, fields),
    warn: (message, fields) => logger.warn(message, fields),
    error: (message, fields) => logger.error(message, fields),
  };
}
