import { endConnection } from './end-connection.js';
import { ensureConnected } from './ensure-connected.js';
import { duplicateForSubscribing, type RedisClient } from './redis-client.js';
import { withTimeout } from './with-timeout.js';

/** Tells waiting callers of this process that another process stored a key. */
export interface SetNotifier {
  /**
   * Calls `listener` each time a value is announced for `key`; returns the
   * function that stops it. Subscribes on first use.
   */
  listen(key: string, listener: () => void): () => void;
  /** Ends the subscriber connection, if one was made. */
  close(): Promise<void>;
}

/**
 * One pub/sub channel per store (`<keyPrefix>set`) whose messages are the
 * (already hashed) keys just stored. The subscriber connection is a duplicate
 * of the client, made on the first `listen` and owned by the notifier. A failed
 * subscription is retried on the next `listen`; meanwhile `waitFor` polls.
 * On a cluster the channel is an ordinary (not sharded) one: Redis Cluster
 * forwards every `PUBLISH` to every node, and ioredis subscribes on one node
 * and moves the subscription when that node goes away.
 */
export function createSetNotifier(options: {
  client: RedisClient;
  channel: string;
  /** Longest wait for the subscription (including connecting) and for quitting. */
  timeoutMs: number;
  onError: (error: Error) => void;
}): SetNotifier {
  const listeners = new Map<string, Set<() => void>>();
  let subscriber: RedisClient | undefined;
  let subscription: Promise<void> | undefined;
  let closed = false;

  function subscribe(): void {
    if (closed || subscription !== undefined) {
      return;
    }
    if (subscriber === undefined) {
      subscriber = duplicateForSubscribing(options.client);
      subscriber.on('error', options.onError);
      subscriber.on('message', (channel: string, key: string) => {
        if (channel !== options.channel) {
          return;
        }
        for (const listener of listeners.get(key) ?? []) {
          listener();
        }
      });
    }
    const connection = subscriber;
    const subscribing = async () => {
      await ensureConnected(connection);
      await connection.subscribe(options.channel);
    };
    subscription = withTimeout(subscribing(), 'subscribe', options.timeoutMs).then(
      () => undefined,
      (error: unknown) => {
        subscription = undefined;
        options.onError(error as Error);
      },
    );
  }

  return {
    listen(key, listener) {
      let forKey = listeners.get(key);
      if (forKey === undefined) {
        forKey = new Set();
        listeners.set(key, forKey);
      }
      forKey.add(listener);
      subscribe();
      return () => {
        forKey.delete(listener);
        if (forKey.size === 0 && listeners.get(key) === forKey) {
          listeners.delete(key);
        }
      };
    },
    async close() {
      closed = true;
      listeners.clear();
      if (subscriber !== undefined) {
        await endConnection(subscriber, options.timeoutMs);
      }
    },
  };
}
