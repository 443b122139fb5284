import { EnkashAuthError } from '../errors/enkash-auth-error.js';

/** The `CONFIG` error of a product's options: `<product>: <message>`. */
export function configError(product: string, message: string): EnkashAuthError {
  return new EnkashAuthError(`${product}: ${message}`, { code: 'CONFIG', product });
}

/** The `CONFIG` error naming one option: `<product>: option "<name>" <problem>.` */
export function optionError(product: string, name: string, problem: string): EnkashAuthError {
  return configError(product, `option "${name}" ${problem}.`);
}

/** A value as a message may show it: a number (never a secret) as it is, anything else by its type. */
export function describeValue(value: unknown): number | string {
  return typeof value === 'number' ? value : value === null ? 'null' : typeof value;
}

/** A string with more than whitespace in it. */
export function isFilled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
