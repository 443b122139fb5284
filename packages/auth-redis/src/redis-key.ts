/**
 * The Redis key of a store key: `<keyPrefix>{<account>}<suffix>`, where the
 * account part is the store key up to its last `:` (the core names an
 * account's keys `enkash:<product>:<hash>:token`, `…:lock`, `…:attempts`,
 * `…:rejection`). The braces are a Redis Cluster hash tag: every key of one
 * account hashes to the same slot, so each script (which touches one key)
 * runs on one node, and an account's keys live and fail together. On a
 * single Redis server they are just part of the name.
 *
 * @example
 * ```ts
 * redisKeyOf('enkash:auth:', 'enkash:payouts:3f1c:token'); // 'enkash:auth:{enkash:payouts:3f1c}:token'
 * ```
 */
export function redisKeyOf(keyPrefix: string, key: string): string {
  const split = key.lastIndexOf(':');
  if (split <= 0) {
    return `${keyPrefix}{${key}}`;
  }
  return `${keyPrefix}{${key.slice(0, split)}}${key.slice(split)}`;
}
