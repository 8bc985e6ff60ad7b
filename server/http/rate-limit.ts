// Rate limits as the API shows them: standard RateLimit headers, and a refusal in the API's
// error shape, {error:{code:'rate-limited', message}} with 429. Keys are per address
// (IPv6 by its /56), or per address and something more.
import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';

export interface JsonRateLimit {
  windowMs: number;
  limit: number;
  /** What the refused person reads: how long to wait, what else to do. */
  message: string;
  /** Added to the address in the key (e.g. the account tried). */
  keyPart?: (req: Request) => string;
  /** Count only failed requests. */
  skipSuccessfulRequests?: boolean;
  /** Its name among the limits, keying its counters in a shared Redis. */
  name: string;
  /** Several nodes: counted in this Redis, so a limit holds whichever node a request reaches. */
  redis?: Redis | undefined;
}

export function jsonRateLimit({ windowMs, limit, message, keyPart, skipSuccessfulRequests = false, name, redis }: JsonRateLimit) {
  return rateLimit({
    ...(redis
      ? {
          store: new RedisStore({
            prefix: `linkroom:rl:${name}:`,
            sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
          }),
        }
      : {}),
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests,
    keyGenerator: (req) => (keyPart ? `${ipKeyGenerator(req.ip ?? 'unknown')}|${keyPart(req)}` : ipKeyGenerator(req.ip ?? 'unknown')),
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'rate-limited', message } });
    },
  });
}
