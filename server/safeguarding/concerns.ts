// Raising a concern and changing its status. Where a concern is (its programme, schools,
// link and call) comes from its subject, looked up in the database, never from the
// client. Each change is logged first (with its decision and reason) and then appended
// to the concern; the DSLs of the schools involved are told in the app, and by email when
// mail is configured.
import type { HydratedDocument } from 'mongoose';
import type { LogActor } from '../../shared/schemas/log.js';
import type { ConcernStatusChange, ConcernSubject, ConcernUrgency, ConcernView } from '../../shared/schemas/safeguarding.js';
import { refuseConcernChange } from '../../shared/safeguarding/concern-rules.js';
import type { Logger } from 'pino';
import type { IdLike } from '../../shared/id-like.js';
import type { Models } from '../db/models.js';
import type { SafeguardingLog } from './safeguarding-log.js';
import { Refusal } from '../errors/refusal.js';
import { idParam } from '../errors/parse-input.js';
import type { ConcernDoc } from './concern.model.js';
import { recordThen } from './record-then.js';

/** What concerns need: the models, the log, and a way to email DSLs (the mailer satisfies it). */
export interface ConcernDeps {
  models: Models;
  log: SafeguardingLog;
  mailer: { readonly configured: boolean; send(mail: { to: string; subject: string; text: string }): Promise<void> };
  logger: Pick<Logger, 'warn'>;
  config: { publicUrl: string };
}

export interface ConcernPlace {
  programmeId: string;
  schoolIds: string[];
  linkId?: string;
  callId?: string;
  /** What the subject said when the concern was raised. */
  context?: string;
}

const CONTEXT_MAX_CHARS = 2_000;
const SUBJECT_WORDS: Record<ConcernSubject['kind'], string> = {
  call: 'a call',
  'chat-message': 'a chat message',
  'board-element': 'a whiteboard',
  'exchange-item': 'an item on the exchange wall',
  none: 'a pupil or matter at the school',
};
const notFound = (what: string) => new Refusal(404, 'not-found', `There is no ${what} like that in this programme.`);

export async function placeOfSubject(ctx: ConcernDeps, programmeId: string, subject: ConcernSubject): Promise<ConcernPlace> {
  const { Call, Link, School, ExchangeItem } = ctx.models;
  const ofCall = async (callId: string) => {
    const call = await Call.findOne({ _id: callId, programmeId }, { schoolIds: 1, linkId: 1, title: 1 });
    if (!call) throw notFound('call');
    return { programmeId, schoolIds: call.schoolIds.map(String), linkId: String(call.linkId), callId, context: `Call: ${call.title}` };
  };
  switch (subject.kind) {
    case 'call':
      return ofCall(subject.callId);
    case 'chat-message': {
      const place = await ofCall(subject.callId);
      const said = await ctx.log.collection.findOne({ 'scope.callId': subject.callId, type: 'call.chat-message', 'payload.messageId': subject.messageId });
      if (!said) throw notFound('chat message');
      const p = (said.payload ?? {}) as { text?: string };
      return { ...place, context: `${said.actor.label ?? 'Someone'} wrote: ${p.text ?? '[removed]'}`.slice(0, CONTEXT_MAX_CHARS) };
    }
    case 'board-element': {
      const [kind, id] = subject.boardId.split('-') as ['call' | 'link', string];
      const place =
        kind === 'call'
          ? await ofCall(id)
          : await (async () => {
              const link = await Link.findOne({ _id: id, programmeId }, { schoolIds: 1 });
              if (!link) throw notFound('link');
              return { programmeId, schoolIds: link.schoolIds.map(String), linkId: id };
            })();
      const text = await ctx.log.collection.findOne(
        { type: 'board.text', 'payload.boardId': subject.boardId, 'payload.elementId': subject.elementId },
        { sort: { _id: -1 } },
      );
      const p = (text?.payload ?? {}) as { text?: string };
      return { ...place, context: p.text ? `On the board: ${p.text}`.slice(0, CONTEXT_MAX_CHARS) : 'A drawing on the board' };
    }
    case 'exchange-item': {
      const item = await ExchangeItem.findOne({ _id: subject.itemId, programmeId }, { programmeId: 1, linkId: 1, title: 1, kind: 1 });
      if (!item) throw notFound('exchange item');
      return placeOfItem(item, await Link.findById(item.linkId, { schoolIds: 1 }));
    }
    case 'none': {
      if (!(await School.exists({ _id: subject.schoolId, programmeId }))) throw notFound('school');
      return { programmeId, schoolIds: [subject.schoolId] };
    }
  }
}

/** Where a concern about an exchange item belongs, from the item and its link as loaded. */
export function placeOfItem(item: { programmeId: unknown; linkId: unknown; kind: string; title: string }, link: { schoolIds: unknown[] } | null): ConcernPlace {
  return {
    programmeId: String(item.programmeId),
    schoolIds: (link?.schoolIds ?? []).map(String),
    linkId: String(item.linkId),
    context: `Exchange ${item.kind}: ${item.title}`,
  };
}

export async function loadConcern(ctx: ConcernDeps, id: unknown): Promise<HydratedDocument<ConcernDoc>> {
  const concern = await ctx.models.Concern.findById(idParam(id, 'concernId'));
  if (!concern) throw new Refusal(404, 'not-found', 'There is no such concern.');
  return concern;
}

export const concernScope = (c: { programmeId: IdLike; schoolIds: IdLike[]; linkId?: IdLike | null; callId?: IdLike | null; _id: IdLike }) => ({
  programmeId: String(c.programmeId),
  schoolIds: c.schoolIds.map(String),
  ...(c.linkId ? { linkId: String(c.linkId) } : {}),
  ...(c.callId ? { callId: String(c.callId) } : {}),
  concernId: String(c._id),
});

export function concernView(c: HydratedDocument<ConcernDoc>): ConcernView {
  return {
    id: c.id,
    programmeId: String(c.programmeId),
    schoolIds: c.schoolIds.map(String),
    ...(c.linkId ? { linkId: String(c.linkId) } : {}),
    ...(c.callId ? { callId: String(c.callId) } : {}),
    subject: c.subject as ConcernSubject,
    ...(c.context ? { context: c.context } : {}),
    summary: c.summary,
    urgency: c.urgency ?? 'routine',
    raisedBy: c.raisedBy?.label ?? c.raisedBy?.id ?? 'unknown',
    status: c.status,
    changes: c.changes.map((ch) => ({
      from: ch.from,
      to: ch.to,
      decision: ch.decision,
      reason: ch.reason,
      by: ch.by,
      at: ch.at.toISOString(),
    })),
    createdAt: (c as unknown as { createdAt: Date }).createdAt.toISOString(),
  };
}

export async function raiseConcern(
  ctx: ConcernDeps,
  input: { subject: ConcernSubject; summary: string; urgency: ConcernUrgency; place: ConcernPlace; actor: LogActor; role: string },
): Promise<HydratedDocument<ConcernDoc>> {
  const { place } = input;
  const concern = new ctx.models.Concern({
    ...place,
    subject: input.subject,
    summary: input.summary,
    urgency: input.urgency,
    raisedBy: input.actor,
    status: 'open',
  });
  await recordThen(
    ctx.log,
    {
      actor: input.actor,
      role: input.role,
      scope: concernScope(concern),
      type: 'concern.raised',
      payload: { subject: input.subject, summary: input.summary, urgency: input.urgency, context: place.context ?? null },
    },
    () => concern.save(),
  );
  // The notice says who and about what, not the details: those are read (and logged) in the review.
  const urgent = input.urgency === 'immediate-risk';
  const raised = `safeguarding concern raised by ${input.actor.label ?? 'a member of staff'} about ${SUBJECT_WORDS[input.subject.kind]}`;
  await notifyDsls(ctx, concern, urgent ? `URGENT — a child may be at immediate risk: ${raised}. Act on it now.` : `New ${raised}.`, urgent);
  return concern;
}

export async function changeConcernStatus(
  ctx: ConcernDeps,
  concern: HydratedDocument<ConcernDoc>,
  change: ConcernStatusChange,
  who: { actor: LogActor; role: string },
): Promise<HydratedDocument<ConcernDoc>> {
  const from = concern.status;
  const refusal = refuseConcernChange(from, change.status, change);
  if (refusal) {
    await ctx.log.record({ ...who, scope: concernScope(concern), type: 'concern.refused', payload: { code: refusal.code, from, to: change.status } });
    throw new Refusal(400, refusal.code, refusal.message);
  }
  const entry = { from, to: change.status, decision: change.decision, reason: change.reason, by: who.actor.label ?? who.actor.id, at: new Date() };
  return recordThen(
    ctx.log,
    {
      ...who,
      scope: concernScope(concern),
      type: 'concern.status-changed',
      payload: { from, to: change.status, decision: change.decision, reason: change.reason },
    },
    async () => {
      // Only if nobody changed it meanwhile: the status it had is part of the filter.
      const updated = await ctx.models.Concern.findOneAndUpdate(
        { _id: concern._id, status: from },
        { status: change.status, $push: { changes: entry } },
        { returnDocument: 'after' },
      );
      if (!updated) throw new Refusal(409, 'changed-meanwhile', 'Someone else changed this concern just now. Reload it and try again.');
      return updated;
    },
  );
}

/** The DSLs who must hear of a concern: the programme's, and those of its schools. */
async function notifyDsls(ctx: ConcernDeps, concern: HydratedDocument<ConcernDoc>, text: string, urgent = false): Promise<void> {
  const programmeId = String(concern.programmeId);
  const schoolIds = new Set(concern.schoolIds.map(String));
  const users = await ctx.models.User.find({ 'grants.programmeId': concern.programmeId }, { email: 1, grants: 1 });
  const dsls = users.filter((u) =>
    u.grants.some(
      (g) => String(g.programmeId) === programmeId && (g.role === 'programme-dsl' || (g.role === 'school-dsl' && schoolIds.has(String(g.schoolId)))),
    ),
  );
  await ctx.models.Notification.insertMany(dsls.map((u) => ({ userId: u._id, programmeId: concern.programmeId, concernId: concern._id, text, urgent })));
  if (!ctx.mailer.configured) return;
  for (const u of dsls) {
    // The email says only that there is something to read: the details stay in Linkroom.
    await ctx.mailer
      .send({
        to: u.email,
        subject: urgent ? 'URGENT Linkroom: a child may be at immediate risk' : 'Linkroom: a new safeguarding concern',
        text: `A safeguarding concern has been raised in Linkroom. Sign in to read it: ${ctx.config.publicUrl}/programmes/${programmeId}/review?concern=${concern.id}`,
      })
      .catch((err: unknown) => ctx.logger.warn({ err }, 'concern email not sent'));
  }
}
