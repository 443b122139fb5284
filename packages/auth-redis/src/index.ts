export { createRedisStore } from './create-redis-store.js';
export {
  isRedisStoreError,
  REDIS_STORE_ERROR_CODES,
  RedisStoreError,
  type RedisStoreErrorCode,
} from './redis-store-error.js';
export type { RedisStore, RedisStoreOptions } from './redis-store-options.js';
