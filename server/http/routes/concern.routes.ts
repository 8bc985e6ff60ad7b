// Concerns: raised by staff about a call, a chat message, a board element, an exchange
// item or nothing in particular; reviewed by the DSLs of the schools involved. Plus the
// in-app notices that tell a DSL a concern has arrived.
import { Router } from 'express';
import { ConcernStatusChangeSchema, NewConcernSchema } from '../../../shared/schemas/safeguarding.js';
import { EmptyBodySchema } from '../../../shared/schemas/programme.js';
import type { NotificationView } from '../../../shared/schemas/safeguarding.js';
import { AUTH_TABLE } from '../../../shared/auth.js';
import { changeConcernStatus, concernScope, concernView, loadConcern, placeOfSubject, raiseConcern } from '../../safeguarding/concerns.js';
import { actorOf, requireUser } from '../auth.js';
import { authorizeLogged } from '../authorize-logged.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { idParam } from '../../errors/parse-input.js';
import { parse } from '../../errors/parse-input.js';
import { logEventView } from '../../safeguarding/review.js';

export function concernRoutes(ctx: AppContext): Router {
  const { Concern, Notification } = ctx.models;
  const router = Router();

  router.post('/programmes/:programmeId/concerns', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    requireUser(req);
    const body = parse(NewConcernSchema, req.body);
    const place = await placeOfSubject(ctx, programmeId, body.subject);
    const { auth, grant } = await authorizeLogged(ctx, req, 'concern:raise', place, {
      type: 'concern.refused',
      scope: { programmeId, schoolIds: place.schoolIds, ...(place.linkId ? { linkId: place.linkId } : {}), ...(place.callId ? { callId: place.callId } : {}) },
      what: `a concern about ${body.subject.kind}`,
    });
    const concern = await raiseConcern(ctx, {
      subject: body.subject,
      summary: body.summary,
      urgency: body.urgency,
      place,
      actor: actorOf(auth),
      role: grant.role,
    });
    res.status(201).json(concernView(concern));
  });

  router.get('/programmes/:programmeId/concerns', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    const auth = requireUser(req);
    const grants = auth.principal.grants.filter((g) => g.programmeId === programmeId && AUTH_TABLE[g.role]['concern:review']);
    if (grants.length === 0) throw new Refusal(403, 'forbidden', 'Only a safeguarding lead may review concerns.');
    const programmeWide = grants.some((g) => AUTH_TABLE[g.role]['concern:review'] === 'programme');
    const schoolIds = grants.flatMap((g) => (g.schoolId ? [g.schoolId] : []));
    const concerns = await Concern.find({ programmeId, ...(programmeWide ? {} : { schoolIds: { $in: schoolIds } }) })
      .sort({ createdAt: -1 })
      .limit(500);
    // The list shows summaries and decisions: reading it is a read of the record.
    await ctx.log.record({
      actor: actorOf(auth),
      role: grants[0]!.role,
      scope: { programmeId, ...(programmeWide ? {} : { schoolIds }) },
      type: 'log.read',
      payload: { list: 'concerns', count: concerns.length },
    });
    res.json(concerns.map(concernView));
  });

  router.get('/concerns/:concernId', async (req, res) => {
    const concern = await loadConcern(ctx, req.params.concernId);
    const scope = concernScope(concern);
    const { auth, grant } = await authorizeLogged(ctx, req, 'concern:review', scope, { type: 'concern.refused', scope, what: 'reading a concern' });
    // Its record in the log (each change an event), read like any log read: logged.
    const events = await ctx.log.read({ actor: actorOf(auth), role: grant.role, scope }, { scope: { concernId: concern.id }, limit: 10_000 });
    res.json({ concern: concernView(concern), record: events.map(logEventView) });
  });

  router.post('/concerns/:concernId/status', async (req, res) => {
    const concern = await loadConcern(ctx, req.params.concernId);
    const scope = concernScope(concern);
    const { auth, grant } = await authorizeLogged(ctx, req, 'concern:review', scope, { type: 'concern.refused', scope, what: 'changing a concern' });
    const who = { actor: actorOf(auth), role: grant.role };
    const result = ConcernStatusChangeSchema.safeParse(req.body ?? {});
    if (!result.success) {
      // A change without its decision or reason is refused, and the attempt is logged.
      await ctx.log.record({
        ...who,
        scope,
        type: 'concern.refused',
        payload: { code: 'bad-request', fields: result.error.issues.map((i) => i.path.join('.')) },
      });
      parse(ConcernStatusChangeSchema, req.body); // throws the 400 naming the fields
    }
    res.json(concernView(await changeConcernStatus(ctx, concern, result.data!, who)));
  });

  router.get('/notifications', async (req, res) => {
    const auth = requireUser(req);
    const list = await Notification.find({ userId: auth.userId }).sort({ createdAt: -1 }).limit(100);
    res.json(
      list.map((n): NotificationView => ({
        id: n.id,
        text: n.text,
        ...(n.concernId ? { concernId: String(n.concernId) } : {}),
        programmeId: String(n.programmeId),
        createdAt: (n as unknown as { createdAt: Date }).createdAt.toISOString(),
        read: !!n.readAt,
        urgent: !!n.urgent,
      })),
    );
  });

  router.post('/notifications/:notificationId/read', async (req, res) => {
    const auth = requireUser(req);
    parse(EmptyBodySchema, req.body);
    const r = await Notification.updateOne({ _id: idParam(req.params.notificationId, 'notificationId'), userId: auth.userId }, { readAt: new Date() });
    if (r.matchedCount === 0) throw new Refusal(404, 'not-found', 'There is no such notice.');
    res.status(204).end();
  });

  return router;
}
