// The DSL's review over the real server and database: timelines assembled from events the
// call, board and exchange code wrote; concerns and their required reasons; scope
// isolation between two schools' DSLs; evidence exports parsed back; retention on a
// clock moved forward, followed by a passing log:verify.
import { spawnSync } from 'node:child_process';
import { parse as parseCsv } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BoardConnection } from '../../client/src/board/board-connection.js';
import type { SocketTransport } from '../../client/src/api/socket-transport.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { applyRetention } from '../../server/safeguarding/retention.js';
import { retentionDue } from '../../server/safeguarding/retention-rules.js';
import { ukTime } from '../../shared/uk-time.js';
import { DEFAULT_RETENTION } from '../../shared/programme-template.js';
import type { ConcernView, NotificationView, TimelineView } from '../../shared/schemas/safeguarding.js';
import type { LogEventView } from '../../shared/schemas/log.js';
import { ApiClient } from '../support/api-harness.js';
import { startCallWorld, WORLD_PASSWORD, type CallWorld } from '../support/call-world.js';
import { until } from '../support/until.js';
import '../support/provided.js';

const DB = `dsl_review_${process.pid}`;
let world: CallWorld;
let programmeId = '';
let schoolIds: string[] = [];
let otherSchoolId = '';
let teacher0: SocketTransport;
let messageId = '';
let letterId = '';
const dsl: Record<'a' | 'b' | 'c' | 'programme', ApiClient> = {} as never;
const teacher = () => new ApiClient(world.server.url);

async function pdfText(pdf: Buffer): Promise<string> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  let text = '';
  for (let i = 0; i < doc.countPages(); i++) text += doc.loadPage(i).toStructuredText('preserve-whitespace').asText() + '\n';
  return text;
}

async function logged(type: string, since = 0): Promise<LogEventView[]> {
  const events = await world.server.log.collection
    .find({ type, _id: { $gt: since } })
    .sort({ _id: 1 })
    .toArray();
  return events.map((e) => ({ ...e, seq: e._id }) as unknown as LogEventView);
}

const headSeq = async () =>
  (
    await world.server.log.collection
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: -1 })
      .limit(1)
      .next()
  )?._id ?? 0;

describe('safeguarding review', () => {
  beforeAll(async () => {
    world = await startCallWorld(inject('mongoUri'), DB);
    const m = world.server.models;
    const call = (await m.Call.findById(world.callId))!;
    programmeId = String(call.programmeId);
    schoolIds = call.schoolIds.map(String);
    // A third school of the same programme, in no link with these two.
    otherSchoolId = new Types.ObjectId().toString();
    await m.School.create({ _id: otherSchoolId, programmeId, name: 'School C', postcode: 'ZZ3 3CC' });
    const passwordHash = await hashPassword(WORLD_PASSWORD);
    const people = {
      a: [{ role: 'school-dsl', programmeId, schoolId: schoolIds[0] }],
      b: [{ role: 'school-dsl', programmeId, schoolId: schoolIds[1] }],
      c: [{ role: 'school-dsl', programmeId, schoolId: otherSchoolId }],
      programme: [{ role: 'programme-dsl', programmeId }],
    };
    for (const [key, grants] of Object.entries(people)) {
      await m.User.create({ email: `dsl-${key}.${DB}@example.test`, name: `DSL ${key.toUpperCase()}`, passwordHash, grants });
      const client = new ApiClient(world.server.url);
      await client.login(`dsl-${key}.${DB}@example.test`, WORLD_PASSWORD);
      dsl[key as keyof typeof dsl] = client;
    }

    // A call as it happens: teachers join, classes are admitted, a teacher writes in the
    // chat, a class writes on the board, a letter is posted and approved, the call ends.
    teacher0 = await world.teacher(0);
    const teacher1 = await world.teacher(1);
    const device0 = await world.device(0, 'Class 4A', teacher0);
    await world.device(1, 'Class 4B', teacher1);
    ({ messageId } = await teacher0.request('call:chat-send', { channel: 'teachers', text: 'Class 4B seem upset today' }));
    const board = new BoardConnection(device0, 'call', 'Class 4A');
    await board.open();
    board.put('words-1', { kind: 'text', x: 10, y: 10, text: 'Our pond has frogs', colour: 'black', size: 'medium', z: 1 });
    await until('the board text is logged', async () => (await logged('board.text')).length === 1);
    board.close();
    const t0 = teacher();
    await t0.login(`t0.${DB}@example.test`, WORLD_PASSWORD);
    const letter = await t0.request('POST', `/api/links/${world.linkId}/exchange/letters`, { title: 'Hello', text: 'Dear friends, we have a pond.' });
    expect(letter.status).toBe(201);
    letterId = letter.body.id;
    expect((await t0.request('POST', `/api/exchange/${letterId}/approve`, {})).status).toBe(200);
    await teacher0.request('call:end', {});
    await until('the call has ended', async () => (await logged('call.ended')).length === 1);
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  it('assembles a call timeline with a lane per participant, from what the call and board wrote', async () => {
    const res = await dsl.programme.request<TimelineView>('GET', `/api/programmes/${programmeId}/timeline?callId=${world.callId}`);
    expect(res.status).toBe(200);
    const types = res.body.events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['call.teacher-joined', 'call.device-admitted', 'call.chat-message', 'board.opened', 'board.text', 'call.ended']),
    );
    expect(res.body.events.find((e) => e.type === 'board.text')!.payload).toMatchObject({ text: 'Our pond has frogs' });
    expect(res.body.lanes.map((l) => [l.label, l.kind])).toEqual([
      ['Teacher 0', 'teacher'],
      ['Teacher 1', 'teacher'],
      ['Class 4A', 'device'],
      ['Class 4B', 'device'],
    ]);
    const ended = res.body.events.find((e) => e.type === 'call.ended')!.at;
    for (const lane of res.body.lanes) expect(lane.intervals.at(-1)!.to).toBe(ended);
    // Every event carries its place in the chain.
    const seqs = res.body.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(res.body.events.every((e) => /^[a-f0-9]{64}$/.test(e.hash) && /^[a-f0-9]{64}$/.test(e.prevHash))).toBe(true);
    // Lanes come from all comings and goings, whatever the filters.
    const boardOnly = await dsl.programme.request<TimelineView>('GET', `/api/programmes/${programmeId}/timeline?callId=${world.callId}&types=board.&limit=1`);
    expect(boardOnly.body.events.map((e) => e.type)).toEqual(['board.opened']);
    expect(boardOnly.body.lanes).toEqual(res.body.lanes);
  });

  it('filters a link timeline by type, actor and time, and logs each read', async () => {
    const before = await headSeq();
    const all = await dsl.a.request<TimelineView>('GET', `/api/programmes/${programmeId}/timeline?linkId=${world.linkId}`);
    expect(all.body.events.map((e) => e.type)).toEqual(expect.arrayContaining(['call.chat-message', 'exchange.uploaded', 'exchange.approved']));
    const exchange = await dsl.a.request<TimelineView>('GET', `/api/programmes/${programmeId}/timeline?linkId=${world.linkId}&types=exchange.`);
    expect(new Set(exchange.body.events.map((e) => e.type))).toEqual(new Set(['exchange.uploaded', 'exchange.approved']));
    const chat = all.body.events.find((e) => e.type === 'call.chat-message')!;
    const byActor = await dsl.a.request<TimelineView>(
      'GET',
      `/api/programmes/${programmeId}/timeline?linkId=${world.linkId}&actor=${chat.actor.id}&types=call.chat-message,call.ended`,
    );
    expect(byActor.body.events.map((e) => e.type)).toEqual(['call.chat-message', 'call.ended']);
    const later = await dsl.a.request<TimelineView>(
      'GET',
      `/api/programmes/${programmeId}/timeline?linkId=${world.linkId}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(later.body.events).toEqual([]);
    const limited = await dsl.a.request<TimelineView>('GET', `/api/programmes/${programmeId}/timeline?linkId=${world.linkId}&limit=3`);
    expect(limited.body).toMatchObject({ truncated: true });
    expect(limited.body.events).toHaveLength(3);
    const reads = await logged('log.read', before);
    expect(reads).toHaveLength(5);
    expect(reads[0]!.actor.label).toBe('DSL A');
    // Those readings stay in the log, but are not drawn into the timeline they read.
    const again = await dsl.a.request<TimelineView>('GET', `/api/programmes/${programmeId}/timeline?linkId=${world.linkId}`);
    expect(again.body.events.map((e) => e.type)).not.toContain('log.read');
    expect(again.body.events.map((e) => e.type)).toEqual(all.body.events.map((e) => e.type));
  });

  it('keeps each school DSL to events involving their school, and logs refused exports', async () => {
    expect((await dsl.b.request('GET', `/api/programmes/${programmeId}/timeline?callId=${world.callId}`)).status).toBe(200);
    const beforeRefusal = await headSeq();
    const refused = await dsl.c.request('GET', `/api/programmes/${programmeId}/timeline?callId=${world.callId}`);
    expect(refused.status).toBe(403);
    expect(await logged('log.read-refused', beforeRefusal)).toMatchObject([{ actor: { label: 'DSL C' }, scope: { callId: world.callId } }]);
    expect((await dsl.c.request('GET', `/api/links/${world.linkId}/call-records`)).status).toBe(403);
    expect((await dsl.c.request('GET', `/api/programmes/${programmeId}/timeline?schoolId=${schoolIds[0]}`)).status).toBe(403);
    expect((await dsl.a.request('GET', `/api/programmes/${programmeId}/timeline`)).status).toBe(403);
    const own = await dsl.c.request<TimelineView>('GET', `/api/programmes/${programmeId}/timeline?schoolId=${otherSchoolId}`);
    expect(own.status).toBe(200);
    expect(own.body.events.filter((e) => e.scope.callId === world.callId)).toEqual([]);

    const before = await headSeq();
    const exportRes = await dsl.c.request('GET', `/api/calls/${world.callId}/export?format=pdf`);
    expect(exportRes.status).toBe(403);
    expect(exportRes.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('log export') });
    const refusals = await logged('log.export-refused', before);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ actor: { label: 'DSL C' }, scope: { callId: world.callId } });
    expect(await logged('log.exported', before)).toEqual([]);
  });

  let concernId = '';

  it('raises a concern about a chat message, with its words, and tells the DSLs of both schools', async () => {
    const t0 = teacher();
    await t0.login(`t0.${DB}@example.test`, WORLD_PASSWORD);
    const res = await t0.request<ConcernView>('POST', `/api/programmes/${programmeId}/concerns`, {
      subject: { kind: 'chat-message', callId: world.callId, messageId },
      summary: 'The class seemed upset; I would like the DSL to look at this.',
      urgency: 'immediate-risk',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'open',
      urgency: 'immediate-risk',
      callId: world.callId,
      linkId: world.linkId,
      schoolIds,
      context: 'Teacher 0 wrote: Class 4B seem upset today',
      raisedBy: 'Teacher 0',
    });
    concernId = res.body.id;
    for (const who of ['a', 'b', 'programme'] as const) {
      const notes = await dsl[who].request<NotificationView[]>('GET', '/api/notifications');
      // A child may be at immediate risk: the notice says so.
      expect(notes.body.filter((n) => n.concernId === concernId)).toMatchObject([
        { urgent: true, text: expect.stringMatching(/^URGENT — a child may be at immediate risk/) },
      ]);
    }
    expect((await dsl.c.request<NotificationView[]>('GET', '/api/notifications')).body).toEqual([]);
    const beforeList = await headSeq();
    const list = await dsl.b.request<ConcernView[]>('GET', `/api/programmes/${programmeId}/concerns`);
    expect(list.body.map((c) => c.id)).toEqual([concernId]);
    expect(await logged('log.read', beforeList)).toMatchObject([{ actor: { label: 'DSL B' }, payload: { list: 'concerns', count: 1 } }]);
    expect((await dsl.c.request<ConcernView[]>('GET', `/api/programmes/${programmeId}/concerns`)).body).toEqual([]);
  });

  it('refuses a concern with an urgency it does not know, and stores nothing', async () => {
    const t0 = teacher();
    await t0.login(`t0.${DB}@example.test`, WORLD_PASSWORD);
    const before = await world.server.models.Concern.countDocuments();
    const res = await t0.request('POST', `/api/programmes/${programmeId}/concerns`, {
      subject: { kind: 'call', callId: world.callId },
      summary: 'Something',
      urgency: 'whenever',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('urgency');
    expect(await world.server.models.Concern.countDocuments()).toBe(before);
  });

  it("refuses a concern about something outside the raiser's scope, and logs it", async () => {
    const before = await headSeq();
    const res = await dsl.c.request('POST', `/api/programmes/${programmeId}/concerns`, {
      subject: { kind: 'call', callId: world.callId },
      summary: 'Looking at another school',
    });
    expect(res.status).toBe(403);
    expect(await logged('concern.refused', before)).toHaveLength(1);
    expect(await world.server.models.Concern.countDocuments()).toBe(1);
    const unknown = await dsl.a.request('POST', `/api/programmes/${programmeId}/concerns`, {
      subject: { kind: 'chat-message', callId: world.callId, messageId: 'no-such-message' },
      summary: 'x',
    });
    expect(unknown.status).toBe(404);
  });

  it('moves a concern only with a decision and a reason, each change a new logged event', async () => {
    const url = `/api/concerns/${concernId}/status`;
    const before = await headSeq();
    const noReason = await dsl.a.request('POST', url, { status: 'under-review', decision: 'Review the call' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('body.reason');
    const emptyReason = await dsl.a.request('POST', url, { status: 'under-review', decision: 'Review the call', reason: '   ' });
    expect(emptyReason.status).toBe(400);
    expect(await logged('concern.refused', before)).toHaveLength(2);
    expect((await world.server.models.Concern.findById(concernId))!.status).toBe('open');

    expect(
      (await dsl.a.request('POST', url, { status: 'under-review', decision: 'Review the call record', reason: 'Raised by the class teacher' })).status,
    ).toBe(200);
    const wrong = await dsl.a.request('POST', url, { status: 'open', decision: 'Reopen', reason: 'Mistake' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('wrong-status');
    const closed = await dsl.b.request<ConcernView>('POST', url, {
      status: 'no-further-action',
      decision: 'No further action',
      reason: 'Spoke to both teachers: a falling-out at play, resolved',
    });
    expect(closed.body).toMatchObject({
      status: 'no-further-action',
      changes: [
        { from: 'open', to: 'under-review', by: 'DSL A' },
        { from: 'under-review', to: 'no-further-action', by: 'DSL B' },
      ],
    });

    const read = await dsl.programme.request<{ concern: ConcernView; record: LogEventView[] }>('GET', `/api/concerns/${concernId}`);
    // This reading is itself part of the concern's record: the last event.
    expect(read.body.record.map((e) => e.type)).toEqual([
      'concern.raised',
      'concern.refused',
      'concern.refused',
      'concern.status-changed',
      'concern.refused',
      'concern.status-changed',
      'log.read',
    ]);
    expect(read.body.record.at(-2)!.payload).toEqual({
      from: 'under-review',
      to: 'no-further-action',
      decision: 'No further action',
      reason: 'Spoke to both teachers: a falling-out at play, resolved',
    });
    expect((await dsl.c.request('GET', `/api/concerns/${concernId}`)).status).toBe(403);
  });

  let flaggedId = '';

  it("makes a flag on pupils' work a concern; flagged work cannot be deleted or flagged again", async () => {
    const t0 = teacher();
    await t0.login(`t0.${DB}@example.test`, WORLD_PASSWORD);
    const letter = await t0.request('POST', `/api/links/${world.linkId}/exchange/letters`, {
      title: 'About home',
      text: 'A letter the teacher is worried about.',
    });
    flaggedId = letter.body.id;
    const flag = await t0.request('POST', `/api/exchange/${flaggedId}/flag`, { reason: 'What this letter says about home worries me' });
    expect(flag.status).toBe(200);
    const concern = await world.server.models.Concern.findOne({ 'subject.itemId': flaggedId });
    expect(concern).toMatchObject({ summary: 'What this letter says about home worries me', context: 'Exchange letter: About home', status: 'open' });
    expect((await t0.request('POST', `/api/exchange/${flaggedId}/flag`, { reason: 'Again' })).body.error.code).toBe('already-flagged');
    const del = await t0.request('DELETE', `/api/exchange/${flaggedId}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('under-concern');
    expect(await world.server.models.ExchangeItem.exists({ _id: flaggedId, deletedAt: { $exists: false } })).toBeTruthy();
    // Its export holds the item's own events as well as the concern's.
    const csv = await dsl.a.request<string>('GET', `/api/concerns/${concern!.id}/export?format=csv`);
    const types = parseCsv<Record<string, string>>(csv.body, { columns: true }).map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['exchange.uploaded', 'exchange.flagged', 'concern.raised']));
  });

  it('exports the call as a PDF that holds its events and the chain result, and logs the export', async () => {
    const before = await headSeq();
    const res = await fetch(`${world.server.url}/api/calls/${world.callId}/export?format=pdf`, { headers: { cookie: dsl.a.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await res.arrayBuffer()));
    const events = await world.server.log.collection.find({ 'scope.callId': world.callId, _id: { $lte: before } }).toArray();
    expect(text).toMatch(/(Whole log|Log) verified: intact\./);
    for (const e of events) expect(text).toContain(`#${e._id}  `);
    expect(text).toContain('Class 4B seem upset today');
    expect(text).toContain('Our pond has frogs');
    expect(await logged('log.exported', before)).toHaveLength(1);
  });

  it('exports a concern as CSV with its own record and the call it is about', async () => {
    const res = await dsl.b.request<string>('GET', `/api/concerns/${concernId}/export?format=csv`);
    expect(res.status).toBe(200);
    const rows = parseCsv<Record<string, string>>(res.body, { columns: true });
    const types = rows.map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['concern.raised', 'concern.status-changed', 'call.chat-message', 'call.ended']));
    expect(rows.every((r) => r['hash matches'] === 'yes')).toBe(true);
    const bad = await dsl.b.request('GET', `/api/concerns/${concernId}/export?format=docx`);
    expect(bad.status).toBe(400);
  });

  it('shows the retention policy as dates, to any DSL of the programme', async () => {
    const res = await dsl.c.request('GET', `/api/programmes/${programmeId}/retention`);
    expect(res.body).toMatchObject({
      policy: DEFAULT_RETENTION,
      // The close of 31 August, UK time (BST).
      yearEnd: '2026-08-31T22:59:59.999Z',
      until: { 'call-logs': '2027-08-31T22:59:59.999Z', exchange: '2026-09-30T22:59:59.999Z', concerns: '2051-08-31T22:59:59.999Z' },
      lastRun: null,
    });
    expect(res.body.due).toEqual(retentionDue('2025-26', DEFAULT_RETENTION, new Date()));
    // The nightly run is at 02:30 UK time.
    expect(ukTime(new Date(res.body.nextRunAt))).toMatch(/ 02:30:00 (GMT|BST)$/);
    expect((await dsl.a.request('POST', `/api/programmes/${programmeId}/retention/run`, {})).status).toBe(403);
  });

  it('applies retention on a moved clock: evidence a concern names is kept, the rest redacted, and log:verify passes', async () => {
    const m = world.server.models;
    // Two year boards: this link's, which a concern names, and another link's.
    const keptBoard = `link-${world.linkId}`;
    const otherLinkId = new Types.ObjectId();
    await m.Board.create([
      { _id: keptBoard, kind: 'link', programmeId, linkId: world.linkId },
      { _id: `link-${otherLinkId.toString()}`, kind: 'link', programmeId, linkId: otherLinkId },
    ]);
    await m.Concern.create({
      programmeId,
      schoolIds,
      linkId: world.linkId,
      subject: { kind: 'board-element', boardId: keptBoard, elementId: 'e1' },
      summary: 'A drawing',
      raisedBy: { kind: 'user', id: 'x', label: 'X' },
    });
    // After 30 days past the year's end: pupils' work and year boards go, call logs stay.
    // The flagged letter and the named board are evidence for their concerns and stay.
    const [first] = await applyRetention(world.server, new Date('2026-10-02T00:00:00Z'));
    expect(first).toMatchObject({ due: ['exchange'], deleted: { exchangeItems: 1, boards: 1 } });
    expect((await m.Board.find({ kind: 'link' })).map((b) => b._id)).toEqual([keptBoard]);
    expect((await m.ExchangeItem.find()).map((i) => i.id)).toEqual([flaggedId]);
    const uploaded = await world.server.log.collection.find({ type: 'exchange.uploaded' }).sort({ _id: 1 }).toArray();
    expect(uploaded[0]!.payload).toBeUndefined();
    expect(uploaded[0]!.redacted).toMatchObject({ reason: 'retention: exchange' });
    expect(uploaded[1]!.payload).toMatchObject({ itemId: flaggedId });
    expect((await world.server.log.collection.findOne({ type: 'call.chat-message' }))!.payload).toBeDefined();

    // A year on: call logs are due, but this call is evidence for a concern still kept,
    // so there is nothing to do (and nothing is logged).
    const before = await headSeq();
    expect(await applyRetention(world.server, new Date('2027-09-02T00:00:00Z'))).toEqual([]);
    expect(await headSeq()).toBe(before);
    expect((await world.server.log.collection.findOne({ type: 'call.chat-message' }))!.payload).toMatchObject({ text: 'Class 4B seem upset today' });

    // When the concern's own time has passed, it goes, and so does the call it kept.
    const [third] = await applyRetention(world.server, new Date('2051-09-02T00:00:00Z'));
    expect(third).toMatchObject({ due: ['call-logs', 'exchange', 'concerns'], deleted: { concerns: 3, boards: 2, exchangeItems: 1 } });
    expect(await m.Concern.countDocuments()).toBe(0);
    expect(await m.ExchangeItem.countDocuments()).toBe(0);
    expect((await world.server.log.collection.findOne({ type: 'call.chat-message' }))!.payload).toBeUndefined();
    expect((await world.server.log.collection.findOne({ type: 'concern.raised' }))!.redacted).toMatchObject({ reason: 'retention: concerns' });
    expect((await logged('retention.run')).length).toBe(2);
    expect(await applyRetention(world.server, new Date('2051-09-03T00:00:00Z'))).toEqual([]);

    const report = await world.server.log.verify();
    expect(report).toMatchObject({ ok: true });
    expect(report.redacted).toBeGreaterThan(10);
    // The command a DSL runs, as a separate process on the same database.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'server/tools/log-verify.ts'], {
      env: { ...process.env, MONGODB_URI: `${inject('mongoUri')}${DB}` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/intact|ok/i);
  });

  it('records a run on demand, and shows it to every DSL', async () => {
    // Everything due was applied by the test before: this run finds nothing left.
    expect((await dsl.programme.request('POST', `/api/programmes/${programmeId}/retention/run`, {})).status).toBe(200);
    expect((await dsl.c.request('GET', `/api/programmes/${programmeId}/retention`)).body.lastRun).toMatchObject({
      trigger: 'on demand',
      outcome: 'nothing due',
      at: expect.any(String),
    });
  });
});
