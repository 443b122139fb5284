import type { RedisClient } from './redis-client.js';
import { withTimeout } from './with-timeout.js';

/**
 * Quits `client` politely when connected, within `timeoutMs`, and disconnects
 * it in every case so no socket or reconnect timer is left behind.
 */
export async function endConnection(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') {
    await withTimeout(client.quit(), 'quit', timeoutMs).catch(() => undefined);
  }
  if (client.status !== 'end') {
    client.disconnect();
  }
}
