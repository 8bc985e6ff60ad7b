// The Redis that several Linkroom nodes share (REDIS_URL): rate-limit counters and Socket.IO's
// cross-node events. Opened once at start; a node that cannot reach it does not start, so
// that no node silently keeps limits of its own.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

const CONNECT_TIMEOUT_MS = 5_000;

export async function openRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 2 });
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection trouble'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `Cannot reach Redis at REDIS_URL (${err instanceof Error ? err.message : String(err)}): start it, or unset REDIS_URL to run as one process.`,
      { cause: err },
    );
  }
  return redis;
}
