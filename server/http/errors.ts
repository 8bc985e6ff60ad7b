// Errors as the API shows them: {error:{code,message}} with a stable code.
import type { ErrorRequestHandler } from 'express';
import { DomainError, isDomainError } from '../errors/domain-error.js';
import { Refusal } from '../errors/refusal.js';

export interface ErrorBody {
  code: string;
  message: string;
  [detail: string]: unknown;
}

/** The wire body for any thrown value; unknown errors never leak their message. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof Refusal) return { code: err.code, message: err.message, ...(err.details ?? {}) };
  if (isDomainError(err)) return { code: err.code, message: err.message };
  if ((err as { code?: number })?.code === 11000) return { code: 'conflict', message: 'That already exists.' };
  return { code: 'internal', message: 'Something went wrong on the server; it has been logged.' };
}

function statusOf(err: unknown): number {
  if (err instanceof DomainError) return err.status;
  if ((err as { code?: number })?.code === 11000) return 409;
  // body-parser's errors carry a status and an `expose` flag.
  const e = err as { status?: number; expose?: boolean };
  if (typeof e?.status === 'number' && e.expose) return e.status;
  return 500;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const status = statusOf(err);
  const e = err as { expose?: boolean; type?: string; message?: string };
  const body =
    status < 500 && e.expose
      ? {
          code: e.type === 'entity.parse.failed' ? 'bad-json' : e.type === 'entity.too.large' ? 'too-large' : 'bad-request',
          message: e.message ?? 'bad request',
        }
      : toErrorBody(err);
  if (status >= 500) req.log?.error({ err }, 'request failed');
  if (status === 503) res.set('Retry-After', '5');
  res.status(status).json({ error: body });
};
