// Reading the safeguarding log: DSLs only, within their scope, and every read is logged.
import { Router } from 'express';
import { LogQuerySchema } from '../../../shared/schemas/programme.js';
import { logEventView } from '../../safeguarding/review.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { idParam } from '../../errors/parse-input.js';
import { parse } from '../../errors/parse-input.js';

export function logRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/programmes/:programmeId/log', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    const q = parse(LogQuerySchema, req.query, 'query');
    // A school DSL reads one school's events: the school is part of the target.
    const { auth, grant } = authorize(req, 'log:read', { programmeId, ...(q.schoolId ? { schoolIds: [q.schoolId] } : {}) });
    const events = await ctx.log.read(
      { actor: actorOf(auth), role: grant.role, scope: { programmeId, ...(q.schoolId ? { schoolIds: [q.schoolId] } : {}) } },
      {
        scope: { programmeId, ...(q.schoolId ? { schoolIds: [q.schoolId] } : {}), ...(q.linkId ? { linkId: q.linkId } : {}) },
        ...(q.type ? { types: [q.type] } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        ...(q.afterSeq ? { afterSeq: q.afterSeq } : {}),
        limit: q.limit,
      },
    );
    res.json(events.map(logEventView));
  });
  return router;
}
