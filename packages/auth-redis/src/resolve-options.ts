import {
  createStoredValueCodec,
  EnkashAuthError,
  ERROR_CODES,
  type StoredValueCodec,
} from '@enkash/auth-core';
import type { RedisOptions } from 'ioredis';
import type { RedisClient } from './redis-client.js';
import type { RedisStoreOptions } from './redis-store-options.js';

/** {@link RedisStoreOptions} checked, with defaults applied. */
export interface ResolvedRedisStoreOptions {
  url: string;
  client: RedisClient | undefined;
  keyPrefix: string;
  /** How token values are kept: sealed when `encryptionKey` was given. */
  codec: StoredValueCodec;
  operationTimeoutMs: number;
  connectTimeoutMs: number;
  pollIntervalMs: number;
  redisOptions: RedisOptions;
  onError: ((error: Error) => void) | undefined;
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';
// setTimeout's ceiling: a longer delay fires at once.
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * Validates the options of `createRedisStore`. Every problem is an
 * `EnkashAuthError` with code `CONFIG`; messages never echo the URL (it may
 * hold a password) or the encryption key.
 */
export function resolveOptions(options: RedisStoreOptions | undefined): ResolvedRedisStoreOptions {
  if (options === undefined) {
    return resolveOptions({});
  }
  if (typeof options !== 'object' || options === null) {
    throw configError('createRedisStore options must be an object.');
  }
  if (options.url !== undefined && options.client !== undefined) {
    throw configError('Give createRedisStore either `url` or `client`, not both.');
  }
  if (options.redisOptions !== undefined && options.client !== undefined) {
    throw configError(
      '`redisOptions` apply to a connection made from `url`; configure `client` yourself.',
    );
  }
  return {
    url: resolveUrl(options.url),
    client: resolveClient(options.client),
    keyPrefix: resolveKeyPrefix(options.keyPrefix),
    codec: createStoredValueCodec({ encryptionKey: options.encryptionKey, store: 'redis' }),
    operationTimeoutMs: resolveDuration('operationTimeoutMs', options.operationTimeoutMs, 500),
    connectTimeoutMs: resolveDuration('connectTimeoutMs', options.connectTimeoutMs, 1_000),
    pollIntervalMs: resolveDuration('pollIntervalMs', options.pollIntervalMs, 100),
    redisOptions: resolveRedisOptions(options.redisOptions),
    onError: resolveOnError(options.onError),
  };
}

function resolveUrl(url: unknown): string {
  if (url === undefined) {
    return DEFAULT_URL;
  }
  if (typeof url !== 'string' || !URL.canParse(url)) {
    throw configError('`url` must be a redis:// or rediss:// URL.');
  }
  const protocol = new URL(url).protocol;
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw configError(`\`url\` must be a redis:// or rediss:// URL, not ${protocol}//.`);
  }
  return url;
}

function resolveClient(client: unknown): RedisClient | undefined {
  if (client === undefined) {
    return undefined;
  }
  const candidate = client as Partial<Record<'duplicate' | 'eval' | 'get', unknown>> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.duplicate !== 'function' ||
    typeof candidate.eval !== 'function' ||
    typeof candidate.get !== 'function'
  ) {
    throw configError('`client` must be an ioredis `Redis` or `Cluster` instance.');
  }
  return client as RedisClient;
}

function resolveKeyPrefix(keyPrefix: unknown): string {
  if (keyPrefix === undefined) {
    return 'enkash:auth:';
  }
  if (typeof keyPrefix !== 'string') {
    throw configError('`keyPrefix` must be a string.');
  }
  return keyPrefix;
}

function resolveDuration(name: string, value: unknown, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value <= 0 ||
    value > LONGEST_TIMER_MS
  ) {
    throw configError(`\`${name}\` must be a positive whole number of milliseconds.`);
  }
  return value;
}

function resolveRedisOptions(redisOptions: unknown): RedisOptions {
  if (redisOptions === undefined) {
    return {};
  }
  if (typeof redisOptions !== 'object' || redisOptions === null) {
    throw configError('`redisOptions` must be an object of ioredis options.');
  }
  return redisOptions as RedisOptions;
}

function resolveOnError(onError: unknown): ((error: Error) => void) | undefined {
  if (onError !== undefined && typeof onError !== 'function') {
    throw configError('`onError` must be a function.');
  }
  return onError as ((error: Error) => void) | undefined;
}

function configError(message: string): EnkashAuthError {
  return new EnkashAuthError(message, { code: ERROR_CODES.CONFIG, product: 'redis' });
}
