/** How a Redis fleet worker builds its store. */
export interface RedisWorkerStoreConfig {
  /** One Redis server: `redis://127.0.0.1:PORT`. */
  redisUrl?: string;
  /** A Redis Cluster instead: its nodes, given to an ioredis `Cluster`. */
  clusterNodes?: { host: string; port: number }[];
  keyPrefix: string;
  encryptionKey?: string;
  /** The store's `operationTimeoutMs`; default 2 000. */
  operationTimeoutMs?: number;
}
