import { Redis } from 'ioredis';
import { checkRedisUrl, redactRedisUrl } from './queue-address.ts';

/**
 * A connection that keeps reconnecting (BullMQ needs maxRetriesPerRequest: null), opened only
 * after a first connection proved the server answers, so a wrong address fails at once.
 */
export async function openRedis(url: string, onError: (message: string) => void): Promise<Redis> {
  checkRedisUrl(url);
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // connect() rejects with 'Connection is closed'; the socket's own error says why (ECONNREFUSED, ENOTFOUND, NOAUTH).
  let socketError: Error | null = null;
  probe.on('error', (error: Error) => { socketError ??= error; });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const reason = (socketError as Error | null)?.message ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`cannot reach Redis at ${redactRedisUrl(url)} (${reason}); start one (\`redis-server --port 6379\`, see docs/scale-out.md) or pass --queue with your server's address`);
  } finally {
    probe.disconnect();
  }
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(200 * times, 2000) });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) onError(`Redis at ${redactRedisUrl(url)}: ${error.message}; reconnecting`);
    reported = true;
  });
  redis.on('ready', () => { reported = false; });
  return redis;
}
