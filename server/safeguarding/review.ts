// The DSL's review as use cases: a timeline of a call, a link or a school (with who was
// present), and the evidence export of a call or a concern. Scope always comes from the
// records named, never from the asker; every read is logged by the log itself, and an
// export is logged before anything leaves.
import type { LogActor, LogEventView, LogScope } from '../../shared/schemas/log.js';
import { TIMELINE_MAX_EVENTS, type ConcernSubject, type TimelineQuery, type TimelineView } from '../../shared/schemas/safeguarding.js';
import type { Models } from '../db/models.js';
import { Refusal } from '../errors/refusal.js';
import type { HydratedDocument } from 'mongoose';
import type { ConcernDoc } from './concern.model.js';
import type { IdLike } from '../../shared/id-like.js';
import { concernScope } from './concerns.js';
import { evidenceCsv, evidencePdf, type EvidenceRecord } from './evidence-export.js';
import type { StoredLogEvent } from './hash-chain.js';
import { PRESENCE_EVENT_TYPES, presenceLanes } from './presence-lanes.js';
import { filterOf, type LogQuery, type SafeguardingLog } from './safeguarding-log.js';

/** An export is one call's or one concern's record: bounded, but never cut silently. */
export const EXPORT_MAX_EVENTS = 100_000;

export const logEventView = (e: StoredLogEvent): LogEventView => ({
  seq: e._id,
  at: e.at.toISOString(),
  actor: e.actor,
  role: e.role,
  scope: e.scope,
  type: e.type,
  payload: e.payload,
  redacted: !!e.redacted,
  hash: e.hash,
  prevHash: e.prevHash,
});

/** The log's record of its own readers: kept in the log, not drawn into timelines of a call or link. */
const RECORD_READING_TYPES = ['log.read', 'log.exported'] as const;

/** Who is reading or exporting, as the log names them. */
export interface Reader {
  actor: LogActor;
  role: string;
  name: string;
}

/** What a timeline is of: the log's filter, and the scope the reader must be allowed. */
export interface TimelineSubject {
  programmeId: string;
  schoolIds?: string[];
  filter: NonNullable<LogQuery['scope']>;
  /** Where the read (or its refusal) is logged. */
  scope: LogScope;
  callId?: string;
}

export interface ExportFile {
  fileName: string;
  contentType: 'text/csv' | 'application/pdf';
  body: string | Buffer;
}

/** What an export says of a call. */
interface CallRecord {
  id: string;
  title: string;
  status: string;
  programmeId: IdLike;
  linkId: IdLike;
  schoolIds: IdLike[];
}

export class Review {
  constructor(private readonly deps: { models: Pick<Models, 'Call' | 'Link' | 'School'>; log: SafeguardingLog }) {}

  async timelineSubject(programmeId: string, q: Pick<TimelineQuery, 'callId' | 'linkId' | 'schoolId'>): Promise<TimelineSubject> {
    const { Call, Link, School } = this.deps.models;
    if ([q.callId, q.linkId, q.schoolId].filter(Boolean).length > 1) throw new Refusal(400, 'bad-request', 'query: name one of callId, linkId or schoolId');
    let schoolIds: string[] | undefined;
    const filter: TimelineSubject['filter'] = { programmeId };
    if (q.callId) {
      const call = await Call.findOne({ _id: q.callId, programmeId }, { schoolIds: 1 });
      if (!call) throw new Refusal(404, 'not-found', 'There is no such call in this programme.');
      schoolIds = call.schoolIds.map(String);
      filter.callId = q.callId;
    } else if (q.linkId) {
      const link = await Link.findOne({ _id: q.linkId, programmeId }, { schoolIds: 1 });
      if (!link) throw new Refusal(404, 'not-found', 'There is no such link in this programme.');
      schoolIds = link.schoolIds.map(String);
      filter.linkId = q.linkId;
    } else if (q.schoolId) {
      if (!(await School.exists({ _id: q.schoolId, programmeId }))) throw new Refusal(404, 'not-found', 'There is no such school in this programme.');
      schoolIds = [q.schoolId];
      filter.schoolIds = schoolIds;
    }
    return {
      programmeId,
      ...(schoolIds ? { schoolIds } : {}),
      filter,
      scope: { programmeId, ...(schoolIds ? { schoolIds } : {}), ...(q.callId ? { callId: q.callId } : {}), ...(q.linkId ? { linkId: q.linkId } : {}) },
      ...(q.callId ? { callId: q.callId } : {}),
    };
  }

  async timeline(reader: Reader, subject: TimelineSubject, q: TimelineQuery): Promise<TimelineView> {
    const { log } = this.deps;
    const events = await log.read(
      { actor: reader.actor, role: reader.role, scope: subject.scope },
      {
        scope: subject.filter,
        // Reading or exporting the record is not part of what happened: each reading would
        // otherwise be drawn into the very timeline it read, and stretch it past the call's end.
        ...(q.types ? { types: q.types.split(',').filter(Boolean) } : { excludeTypes: [...RECORD_READING_TYPES] }),
        ...(q.actor ? { actorId: q.actor } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        limit: q.limit + 1,
      },
    );
    // Who was present is drawn from all of the call's comings and goings, whatever the
    // filters: a lane cut by a filter would misstate who was there.
    const presence = subject.callId
      ? await log.collection
          .find(filterOf({ scope: { callId: subject.callId }, types: [...PRESENCE_EVENT_TYPES] }))
          .sort({ _id: 1 })
          .limit(TIMELINE_MAX_EVENTS)
          .toArray()
      : [];
    return { events: events.slice(0, q.limit).map(logEventView), lanes: presenceLanes(presence), truncated: events.length > q.limit };
  }

  /** A call named for export, and the scope its exporter must be allowed. */
  async callToExport(callId: string): Promise<{ call: CallRecord; scope: { programmeId: string; schoolIds: string[]; linkId: string; callId: string } }> {
    const call = await this.deps.models.Call.findById(callId);
    if (!call) throw new Refusal(404, 'not-found', 'There is no such call.');
    return { call, scope: { programmeId: String(call.programmeId), schoolIds: call.schoolIds.map(String), linkId: String(call.linkId), callId: call.id } };
  }

  async exportCall(reader: Reader, call: CallRecord, format: 'pdf' | 'csv'): Promise<ExportFile> {
    const schools = await this.deps.models.School.find({ _id: { $in: call.schoolIds } }, { name: 1 });
    const events = await this.eventsOf(filterOf({ scope: { callId: call.id } }));
    const record = {
      title: `Call record: ${call.title}`,
      about: [
        `Schools: ${schools.map((s) => s.name).join(' and ')}`,
        `Call ${call.id}, started ${(call as unknown as { createdAt: Date }).createdAt.toISOString()}, ${call.status}.`,
        `Exported by ${reader.name} (${reader.role}).`,
      ],
      events,
    };
    const scope = { programmeId: String(call.programmeId), schoolIds: call.schoolIds.map(String), linkId: String(call.linkId), callId: call.id };
    return this.exported(reader, record, `call-${call.id}`, format, scope, { record: 'call', callId: call.id });
  }

  /** The concern's own record, and what it is about: the whole call, or the item's or the board element's own events. */
  async exportConcern(reader: Reader, concern: HydratedDocument<ConcernDoc>, format: 'pdf' | 'csv'): Promise<ExportFile> {
    const subject = concern.subject as ConcernSubject;
    const about = [
      ...(concern.callId ? [filterOf({ scope: { callId: String(concern.callId) } })] : []),
      ...(subject.kind === 'exchange-item' ? [{ 'payload.itemId': subject.itemId }] : []),
      ...(subject.kind === 'board-element' ? [{ 'payload.boardId': subject.boardId, 'payload.elementId': subject.elementId }] : []),
    ];
    const found = await Promise.all([filterOf({ scope: { concernId: concern.id } }), ...about].map((f) => this.eventsOf(f)));
    const events = [...new Map(found.flat().map((e) => [e._id, e])).values()].sort((a, b) => a._id - b._id);
    const record = {
      title: 'Safeguarding concern record',
      about: [
        `Concern ${concern.id}, raised ${(concern as unknown as { createdAt: Date }).createdAt.toISOString()} by ${concern.raisedBy?.label ?? 'unknown'}; now ${concern.status}.`,
        `Summary: ${concern.summary}`,
        ...(concern.context ? [`Context: ${concern.context}`] : []),
        `Exported by ${reader.name} (${reader.role}).`,
      ],
      events,
    };
    return this.exported(reader, record, `concern-${concern.id}`, format, concernScope(concern), {
      record: 'concern',
      concernId: concern.id,
    });
  }

  private eventsOf(filter: Record<string, unknown>): Promise<StoredLogEvent[]> {
    return this.deps.log.collection
      .find(filter)
      .sort({ _id: 1 })
      .limit(EXPORT_MAX_EVENTS + 1)
      .toArray();
  }

  private async exported(
    reader: Reader,
    record: Omit<EvidenceRecord, 'chain' | 'generatedAt'>,
    fileName: string,
    format: 'pdf' | 'csv',
    scope: LogScope,
    what: Record<string, unknown>,
  ): Promise<ExportFile> {
    if (record.events.length > EXPORT_MAX_EVENTS) {
      throw new Refusal(413, 'too-large', `This record has more than ${EXPORT_MAX_EVENTS} events; export it by time range from the timeline.`);
    }
    // From the latest checkpoint: the whole chain was verified up to it before.
    const chain = await this.deps.log.verify({ from: 'checkpoint' });
    const full: EvidenceRecord = { ...record, chain, generatedAt: new Date() };
    // Logged before anything leaves: an export that cannot be recorded does not happen.
    await this.deps.log.record({
      actor: reader.actor,
      role: reader.role,
      scope,
      type: 'log.exported',
      payload: { ...what, format, events: record.events.length, chainOk: chain.ok, headSeq: chain.headSeq },
    });
    return format === 'csv'
      ? { fileName: `${fileName}.csv`, contentType: 'text/csv', body: evidenceCsv(full) }
      : { fileName: `${fileName}.pdf`, contentType: 'application/pdf', body: await evidencePdf(full) };
  }
}
