import type { TokenStore } from '@enkash/auth-core';
import type { Cluster, Redis, RedisOptions } from 'ioredis';

/** Options of {@link createRedisStore}. Give `url` or `client`, not both. */
export interface RedisStoreOptions {
  /**
   * Where Redis listens, `redis://[[user]:password@]host[:port][/db]` or
   * `rediss://…` for TLS. Default `redis://127.0.0.1:6379`. The store creates
   * and owns its connection, and `close()` ends it.
   */
  url?: string | undefined;
  /**
   * An existing ioredis instance to use instead of `url`: a `Redis`, or a
   * `Cluster` (ElastiCache or Azure Cache with clustering, Redis Enterprise,
   * your own cluster). The store never changes its options, never listens to
   * its `error` event and never quits it: it stays yours. Its own offline
   * queue and retry settings then decide how a dead Redis behaves, within
   * `operationTimeoutMs`.
   */
  client?: Redis | Cluster | undefined;
  /**
   * Put before every key and the pub/sub channel. Default `'enkash:auth:'`.
   * Keep braces out of it: the store puts each account's part of a key in
   * `{…}` (a Redis Cluster hash tag).
   */
  keyPrefix?: string | undefined;
  /**
   * Encrypts stored tokens with AES-256-GCM when given: a string (UTF-8) or
   * bytes of at least 16 bytes, ideally 32 random bytes
   * (`openssl rand -base64 32`). Every process of the fleet needs the same one.
   * `undefined` (an unset environment variable) means no encryption.
   */
  encryptionKey?: string | Uint8Array | undefined;
  /** Longest wait for any one Redis operation before it is rejected. Default 500. */
  operationTimeoutMs?: number | undefined;
  /** Longest wait for a connection the store creates. Default 1 000. */
  connectTimeoutMs?: number | undefined;
  /** How often `waitFor` reads the key while pub/sub has not announced it. Default 100. */
  pollIntervalMs?: number | undefined;
  /** Extra ioredis options for the connections the store creates (from `url`), applied last. */
  redisOptions?: RedisOptions | undefined;
  /**
   * Receives connection errors of the connections the store creates (its own
   * client from `url` and its pub/sub subscriber). Without it they are dropped:
   * the failing operations already reject, and the core reports those as `store-error`.
   */
  onError?: ((error: Error) => void) | undefined;
}

/**
 * A {@link TokenStore} on Redis, shared by every process that uses the same
 * Redis and key prefix.
 */
export interface RedisStore extends TokenStore {
  /** Always `true`: the core takes the fleet-wide lock before a token request. */
  readonly shared: true;
  /** Resolves as soon as `key` holds a value (pub/sub, with a polling fallback), or `undefined` after `timeoutMs` or on abort. */
  waitFor(key: string, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Ends pending `waitFor` calls with `undefined`, closes the subscriber and,
   * when the store created it, its client. Later operations reject with `REDIS_CLOSED`.
   */
  close(): Promise<void>;
}
