// Rate limits as the API shows them: standard RateLimit headers, and a refusal in the API's
// error shape, {error:{code:'rate-limited', message}} with 429. Keys are per address
// (IPv6 by its /56), or per address and something more.
import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export interface JsonRateLimit {
  windowMs: number;
  limit: number;
  /** What the refused person reads: how long to wait, what else to do. */
  message: string;
  /** Added to the address in the key (e.g. the account tried). */
  keyPart?: (req: Request) => string;
  /** Count only failed requests. */
  skipSuccessfulRequests?: boolean;
}

export function jsonRateLimit({ windowMs, limit, message, keyPart, skipSuccessfulRequests = false }: JsonRateLimit) {
  return rateLimit({
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
