// Authorisation whose refusals are themselves safeguarding events: someone reaching for
// a record outside their scope is worth a DSL's attention.
import type { Request } from 'express';
import type { Action, Target } from '../../shared/auth.js';
import type { LogEventType, LogScope } from '../../shared/schemas/log.js';
import { actorOf, authorize } from './auth.js';
import type { AppContext } from '../app-context.js';
import { Refusal } from '../errors/refusal.js';

export async function authorizeLogged(
  ctx: AppContext,
  req: Request,
  action: Action,
  target: Target,
  refusal: { type: LogEventType; scope: LogScope; what: string },
) {
  try {
    return authorize(req, action, target);
  } catch (err) {
    if (err instanceof Refusal && err.status === 403 && req.auth) {
      await ctx.log.record({
        actor: actorOf(req.auth),
        role: 'refused',
        scope: refusal.scope,
        type: refusal.type,
        payload: { action, what: refusal.what, code: 'forbidden' },
      });
    }
    throw err;
  }
}
