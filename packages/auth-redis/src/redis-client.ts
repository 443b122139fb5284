import type { Cluster, Redis } from 'ioredis';

/** What the store talks to: one Redis server, or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * A connection of its own for pub/sub, with `client`'s options (a cluster's
 * nodes included), idle until first used. ioredis spells `duplicate`
 * differently for a cluster, whose subscriber follows failovers itself.
 */
export function duplicateForSubscribing(client: RedisClient): RedisClient {
  return client.isCluster
    ? (client as Cluster).duplicate([], { lazyConnect: true })
    : (client as Redis).duplicate({ lazyConnect: true });
}
