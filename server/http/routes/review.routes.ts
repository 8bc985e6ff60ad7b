// The DSL's review: timelines of a call, a link or a school; evidence exports of a call
// or a concern; retention on demand. Scope comes from the records named, and every read
// and export is logged (reads by the log itself, exports here).
import { Router, type Response } from 'express';
import { ExportQuerySchema, TimelineQuerySchema } from '../../../shared/schemas/safeguarding.js';
import { EmptyBodySchema } from '../../../shared/schemas/programme.js';
import { nextUkTime } from '../../../shared/uk-time.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { idParam, parse } from '../../errors/parse-input.js';
import { concernScope, loadConcern } from '../../safeguarding/concerns.js';
import { lastRetentionRun, RETENTION_RUN_UK_TIME, runRetention } from '../../safeguarding/retention.js';
import { programmeYearEnd, retentionDue, retentionUntil } from '../../safeguarding/retention-rules.js';
import { Review, type ExportFile } from '../../safeguarding/review.js';
import { actorOf, authorize } from '../auth.js';
import { authorizeLogged } from '../authorize-logged.js';

export function reviewRoutes(ctx: AppContext): Router {
  const { Call, Link } = ctx.models;
  const review = new Review(ctx);
  const router = Router();

  router.get('/programmes/:programmeId/timeline', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    const q = parse(TimelineQuerySchema, req.query, 'query');
    const subject = await review.timelineSubject(programmeId, q);
    const target = { programmeId, ...(subject.schoolIds ? { schoolIds: subject.schoolIds } : {}) };
    const { auth, grant } = await authorizeLogged(ctx, req, 'log:read', target, { type: 'log.read-refused', scope: subject.scope, what: 'a timeline' });
    res.json(await review.timeline({ actor: actorOf(auth), role: grant.role, name: auth.name }, subject, q));
  });

  // The calls a DSL may pick for a timeline: titles and times, never join codes.
  router.get('/links/:linkId/call-records', async (req, res) => {
    const link = await Link.findById(idParam(req.params.linkId, 'linkId'), { programmeId: 1, schoolIds: 1 });
    if (!link) throw new Refusal(404, 'not-found', 'There is no such link.');
    const scope = { programmeId: String(link.programmeId), schoolIds: link.schoolIds.map(String), linkId: link.id };
    await authorizeLogged(ctx, req, 'log:read', scope, { type: 'log.read-refused', scope, what: "a link's calls" });
    const calls = await Call.find({ linkId: link._id }, { title: 1, status: 1, createdAt: 1 }).sort({ createdAt: -1 }).limit(200);
    res.json(calls.map((c) => ({ id: c.id, title: c.title, status: c.status, createdAt: (c as unknown as { createdAt: Date }).createdAt.toISOString() })));
  });

  const send = (res: Response, file: ExportFile) => res.type(file.contentType).attachment(file.fileName).send(file.body);

  router.get('/calls/:callId/export', async (req, res) => {
    const { call, scope } = await review.callToExport(idParam(req.params.callId, 'callId'));
    const { auth, grant } = await authorizeLogged(ctx, req, 'log:export', scope, { type: 'log.export-refused', scope, what: `call ${call.id}` });
    const { format } = parse(ExportQuerySchema, req.query, 'query');
    send(res, await review.exportCall({ actor: actorOf(auth), role: grant.role, name: auth.name }, call, format));
  });

  router.get('/concerns/:concernId/export', async (req, res) => {
    const concern = await loadConcern(ctx, req.params.concernId);
    const scope = concernScope(concern);
    const { auth, grant } = await authorizeLogged(ctx, req, 'log:export', scope, { type: 'log.export-refused', scope, what: `concern ${concern.id}` });
    const { format } = parse(ExportQuerySchema, req.query, 'query');
    send(res, await review.exportConcern({ actor: actorOf(auth), role: grant.role, name: auth.name }, concern, format));
  });

  // The policy as dates: what is kept until when, and what is due now.
  router.get('/programmes/:programmeId/retention', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    authorize(req, 'programme:read', { programmeId });
    const programme = await ctx.models.Programme.findById(programmeId, { academicYear: 1, retention: 1 });
    if (!programme) throw new Refusal(404, 'not-found', 'There is no such programme.');
    const policy = programme.retention!;
    const until = retentionUntil(programme.academicYear, policy);
    res.json({
      policy: { callLogMonths: policy.callLogMonths, exchangeDays: policy.exchangeDays, concernYears: policy.concernYears },
      yearEnd: programmeYearEnd(programme.academicYear).toISOString(),
      until: Object.fromEntries(Object.entries(until).map(([k, d]) => [k, d.toISOString()])),
      due: retentionDue(programme.academicYear, policy, new Date()),
      lastRun: await lastRetentionRun(ctx.models),
      nextRunAt: nextUkTime(new Date(), RETENTION_RUN_UK_TIME.hour, RETENTION_RUN_UK_TIME.minute).toISOString(),
    });
  });

  router.post('/programmes/:programmeId/retention/run', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    authorize(req, 'retention:run', { programmeId });
    parse(EmptyBodySchema, req.body);
    res.json({ reports: await runRetention(ctx, 'on demand', new Date(), programmeId) });
  });

  return router;
}
