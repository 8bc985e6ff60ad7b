// The DSL's review: timelines of a call, a link or a school; evidence exports of a call
// or a concern; retention on demand. Scope comes from the records named, and every read
// and export is logged (reads by the log itself, exports here).
import { Router, type Request, type Response } from 'express';
import { type ConcernSubject, ExportQuerySchema, TIMELINE_MAX_EVENTS, TimelineQuerySchema, type TimelineView } from '../../../shared/schemas/safeguarding.js';
import type { LogScope } from '../../../shared/schemas/log.js';
import { evidenceCsv, evidencePdf, type EvidenceRecord } from '../../safeguarding/evidence-export.js';
import type { StoredLogEvent } from '../../safeguarding/hash-chain.js';
import { PRESENCE_EVENT_TYPES, presenceLanes } from '../../safeguarding/presence-lanes.js';
import { lastRetentionRun, RETENTION_RUN_UK_TIME, runRetention } from '../../safeguarding/retention.js';
import { nextUkTime } from '../../../shared/uk-time.js';
import { programmeYearEnd, retentionDue, retentionUntil } from '../../safeguarding/retention-rules.js';
import { filterOf, type LogQuery } from '../../safeguarding/safeguarding-log.js';
import { concernScope, loadConcern } from '../../safeguarding/concerns.js';
import { actorOf, authorize } from '../auth.js';
import { authorizeLogged } from '../authorize-logged.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { idParam } from '../load.js';
import { parse } from '../../errors/parse-input.js';
import { EmptyBodySchema } from '../../../shared/schemas/programme.js';
import { logEventView } from './log.routes.js';

/** An export is one call's or one concern's record: bounded, but never cut silently. */
const EXPORT_MAX_EVENTS = 100_000;

export function reviewRoutes(ctx: AppContext): Router {
  const { Call, Link, School } = ctx.models;
  const router = Router();

  router.get('/programmes/:programmeId/timeline', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    const q = parse(TimelineQuerySchema, req.query, 'query');
    if ([q.callId, q.linkId, q.schoolId].filter(Boolean).length > 1) throw new Refusal(400, 'bad-request', 'query: name one of callId, linkId or schoolId');
    let schoolIds: string[] | undefined;
    const scope: NonNullable<LogQuery['scope']> = { programmeId };
    if (q.callId) {
      const call = await Call.findOne({ _id: q.callId, programmeId }, { schoolIds: 1 });
      if (!call) throw new Refusal(404, 'not-found', 'There is no such call in this programme.');
      schoolIds = call.schoolIds.map(String);
      scope.callId = q.callId;
    } else if (q.linkId) {
      const link = await Link.findOne({ _id: q.linkId, programmeId }, { schoolIds: 1 });
      if (!link) throw new Refusal(404, 'not-found', 'There is no such link in this programme.');
      schoolIds = link.schoolIds.map(String);
      scope.linkId = q.linkId;
    } else if (q.schoolId) {
      if (!(await School.exists({ _id: q.schoolId, programmeId }))) throw new Refusal(404, 'not-found', 'There is no such school in this programme.');
      schoolIds = [q.schoolId];
      scope.schoolIds = schoolIds;
    }
    const refusalScope = {
      programmeId,
      ...(schoolIds ? { schoolIds } : {}),
      ...(q.callId ? { callId: q.callId } : {}),
      ...(q.linkId ? { linkId: q.linkId } : {}),
    };
    const { auth, grant } = await authorizeLogged(
      ctx,
      req,
      'log:read',
      { programmeId, ...(schoolIds ? { schoolIds } : {}) },
      { type: 'log.read-refused', scope: refusalScope, what: 'a timeline' },
    );
    const events = await ctx.log.read(
      { actor: actorOf(auth), role: grant.role, scope: refusalScope },
      {
        scope,
        ...(q.types ? { types: q.types.split(',').filter(Boolean) } : {}),
        ...(q.actor ? { actorId: q.actor } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        limit: q.limit + 1,
      },
    );
    const shown = events.slice(0, q.limit);
    // Who was present is drawn from all of the call's comings and goings, whatever the
    // filters: a lane cut by a filter would misstate who was there.
    const presence = q.callId
      ? await ctx.log.collection
          .find(filterOf({ scope: { callId: q.callId }, types: [...PRESENCE_EVENT_TYPES] }))
          .sort({ _id: 1 })
          .limit(TIMELINE_MAX_EVENTS)
          .toArray()
      : [];
    const body: TimelineView = { events: shown.map(logEventView), lanes: presenceLanes(presence), truncated: events.length > q.limit };
    res.json(body);
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

  async function sendRecord(
    req: Request,
    res: Response,
    record: Omit<EvidenceRecord, 'chain' | 'generatedAt'>,
    fileName: string,
    logged: { scope: LogScope; role: string; what: Record<string, unknown> },
  ) {
    const { format } = parse(ExportQuerySchema, req.query, 'query');
    if (record.events.length > EXPORT_MAX_EVENTS)
      throw new Refusal(413, 'too-large', `This record has more than ${EXPORT_MAX_EVENTS} events; export it by time range from the timeline.`);
    // From the latest checkpoint: the whole chain was verified up to it before.
    const chain = await ctx.log.verify({ from: 'checkpoint' });
    const full: EvidenceRecord = { ...record, chain, generatedAt: new Date() };
    // Logged before anything leaves: an export that cannot be recorded does not happen.
    await ctx.log.record({
      actor: actorOf(req.auth!),
      role: logged.role,
      scope: logged.scope,
      type: 'log.exported',
      payload: { ...logged.what, format, events: record.events.length, chainOk: chain.ok, headSeq: chain.headSeq },
    });
    if (format === 'csv') {
      res.type('text/csv').attachment(`${fileName}.csv`).send(evidenceCsv(full));
    } else {
      res
        .type('application/pdf')
        .attachment(`${fileName}.pdf`)
        .send(await evidencePdf(full));
    }
  }

  const eventsOf = (filter: Record<string, unknown>) =>
    ctx.log.collection
      .find(filter)
      .sort({ _id: 1 })
      .limit(EXPORT_MAX_EVENTS + 1)
      .toArray();

  router.get('/calls/:callId/export', async (req, res) => {
    const call = await Call.findById(idParam(req.params.callId, 'callId'));
    if (!call) throw new Refusal(404, 'not-found', 'There is no such call.');
    const scope = { programmeId: String(call.programmeId), schoolIds: call.schoolIds.map(String), linkId: String(call.linkId), callId: call.id };
    const { grant } = await authorizeLogged(ctx, req, 'log:export', scope, { type: 'log.export-refused', scope, what: `call ${call.id}` });
    const schools = await School.find({ _id: { $in: call.schoolIds } }, { name: 1 });
    const events = await eventsOf(filterOf({ scope: { callId: call.id } }));
    await sendRecord(
      req,
      res,
      {
        title: `Call record: ${call.title}`,
        about: [
          `Schools: ${schools.map((s) => s.name).join(' and ')}`,
          `Call ${call.id}, started ${(call as unknown as { createdAt: Date }).createdAt.toISOString()}, ${call.status}.`,
          `Exported by ${req.auth!.name} (${grant.role}).`,
        ],
        events,
      },
      `call-${call.id}`,
      { scope, role: grant.role, what: { record: 'call', callId: call.id } },
    );
  });

  router.get('/concerns/:concernId/export', async (req, res) => {
    const concern = await loadConcern(ctx, req.params.concernId);
    const scope = concernScope(concern);
    const { grant } = await authorizeLogged(ctx, req, 'log:export', scope, { type: 'log.export-refused', scope, what: `concern ${concern.id}` });
    // The concern's own record, and what it is about: the whole call, or the item's or the
    // board element's own events.
    const subject = concern.subject as ConcernSubject;
    const about = [
      ...(concern.callId ? [filterOf({ scope: { callId: String(concern.callId) } })] : []),
      ...(subject.kind === 'exchange-item' ? [{ 'payload.itemId': subject.itemId }] : []),
      ...(subject.kind === 'board-element' ? [{ 'payload.boardId': subject.boardId, 'payload.elementId': subject.elementId }] : []),
    ];
    const found: StoredLogEvent[][] = await Promise.all([filterOf({ scope: { concernId: concern.id } }), ...about].map(eventsOf));
    const events = [...new Map(found.flat().map((e) => [e._id, e])).values()].sort((a, b) => a._id - b._id);
    await sendRecord(
      req,
      res,
      {
        title: 'Safeguarding concern record',
        about: [
          `Concern ${concern.id}, raised ${(concern as unknown as { createdAt: Date }).createdAt.toISOString()} by ${concern.raisedBy?.label ?? 'unknown'}; now ${concern.status}.`,
          `Summary: ${concern.summary}`,
          ...(concern.context ? [`Context: ${concern.context}`] : []),
          `Exported by ${req.auth!.name} (${grant.role}).`,
        ],
        events,
      },
      `concern-${concern.id}`,
      { scope, role: grant.role, what: { record: 'concern', concernId: concern.id } },
    );
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
