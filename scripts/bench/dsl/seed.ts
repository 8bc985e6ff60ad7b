// The DSL benchmark's world: one programme of 100 schools and 200 links over a school
// year, and N hash-chained log events spread over it (mostly call events), among them one
// 2-hour call of 5,000 events in the link and month the benchmark queries. Written once
// per database and remembered in a marker, since a million events take minutes to write.
import { Types, type Connection } from 'mongoose';
import { hashPassword } from '../../../server/accounts/passwords.js';
import type { Models } from '../../../server/db/models.js';
import { GENESIS_HASH, hashEvent, hashPayload, type StoredLogEvent } from '../../../server/safeguarding/hash-chain.js';
import { LOG_COLLECTION, LOG_HEAD_COLLECTION } from '../../../server/safeguarding/safeguarding-log.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../../shared/programme-template.js';

export const SEED_VERSION = 3;
export const BIG_CALL_EVENTS = 5_000;
export const DSL_EMAIL = 'bench.dsl@example.test';
export const DSL_PASSWORD = 'a long bench password';
const SCHOOLS = 100;
const LINKS = 200;
const INSERT_BATCH = 5_000;
const YEAR_START_MS = Date.UTC(2025, 8, 1);
const YEAR_MS = 320 * 86_400_000;
/** The link and month a DSL looks at: March. */
export const QUERY_MONTH = { from: new Date(Date.UTC(2026, 2, 1)), to: new Date(Date.UTC(2026, 3, 1) - 1) };
const BIG_CALL_START_MS = Date.UTC(2026, 2, 11, 9, 30);

export interface BenchWorld {
  version: number;
  events: number;
  programmeId: string;
  linkId: string;
  bigCallId: string;
}

const TYPES = [
  'call.chat-message',
  'board.text',
  'call.agenda-step',
  'call.device-admitted',
  'call.participant-left',
  'exchange.viewed',
  'call.muted',
  'board.element-deleted',
] as const;

/** A deterministic stream of random numbers, so that every seeded database is the same. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedWorld(connection: Connection, models: Models, events: number, progress: (done: number) => void): Promise<BenchWorld> {
  const random = mulberry32(42);
  const programmeId = new Types.ObjectId();
  await models.Programme.create({
    _id: programmeId,
    name: 'Bench programme',
    localAuthority: 'Benchshire',
    academicYear: '2025-26',
    retention: DEFAULT_RETENTION,
    plan: SCHOOLS_LINKING_TEMPLATE,
  });
  const schools = await models.School.insertMany(Array.from({ length: SCHOOLS }, (_, i) => ({ programmeId, name: `School ${i}`, postcode: 'ZZ1 1AA' })));
  const links = await models.Link.insertMany(
    Array.from({ length: LINKS }, (_, i) => ({
      programmeId,
      classIds: [new Types.ObjectId(), new Types.ObjectId()],
      schoolIds: [schools[i % SCHOOLS]!._id, schools[(i * 7 + 1) % SCHOOLS]!._id],
      status: 'confirmed',
    })),
  );
  // The link a DSL looks at is a typical one; the 2-hour call is another link's.
  const target = links[0]!;
  const bigCallLink = links[1]!;
  const bigCall = await models.Call.create({
    programmeId,
    linkId: bigCallLink._id,
    schoolIds: bigCallLink.schoolIds,
    title: 'A 2-hour call',
    agenda: [{ title: 'Welcome', durationMin: 120 }],
    devices: [],
    createdBy: new Types.ObjectId(),
    status: 'ended',
  });
  await models.User.create({
    email: DSL_EMAIL,
    name: 'Bench DSL',
    passwordHash: await hashPassword(DSL_PASSWORD),
    grants: [{ role: 'programme-dsl', programmeId }],
  });
  // Every link holds ~30 calls over the year: call ids per link.
  const callIds = links.map(() => Array.from({ length: 30 }, () => new Types.ObjectId().toString()));

  const log = connection.collection<StoredLogEvent>(LOG_COLLECTION);
  let prevHash = GENESIS_HASH;
  const bigCallAt = Math.floor(events * ((BIG_CALL_START_MS - YEAR_START_MS) / YEAR_MS));
  let batch: StoredLogEvent[] = [];
  for (let seq = 1; seq <= events; seq++) {
    const inBigCall = seq > bigCallAt && seq <= bigCallAt + BIG_CALL_EVENTS;
    const li = inBigCall ? 1 : Math.floor(random() * LINKS);
    const link = links[li]!;
    const at = inBigCall
      ? new Date(BIG_CALL_START_MS + (seq - bigCallAt) * ((2 * 3_600_000) / BIG_CALL_EVENTS))
      : new Date(YEAR_START_MS + (seq / events) * YEAR_MS);
    const callId = inBigCall ? bigCall.id : random() < 0.8 ? callIds[li]![Math.floor(random() * 30)]! : undefined;
    const type = TYPES[Math.floor(random() * TYPES.length)]!;
    const payload = { text: `Event ${seq}: we drew our school and the pond`, participantId: `p${seq % 40}` };
    const base = {
      _id: seq,
      at,
      actor: { kind: 'device' as const, id: `p${seq % 40}`, label: `Class ${seq % 40}` },
      role: 'class-device',
      scope: { programmeId: programmeId.toString(), schoolIds: link.schoolIds.map(String), linkId: link.id, ...(callId ? { callId } : {}) },
      type,
      payloadHash: hashPayload(payload),
      prevHash,
    };
    const e: StoredLogEvent = { ...base, payload, hash: hashEvent(base) };
    prevHash = e.hash;
    batch.push(e);
    if (batch.length === INSERT_BATCH || seq === events) {
      await log.insertMany(batch, { ordered: false });
      batch = [];
      progress(seq);
    }
  }
  // Where the chain ends, as the log itself leaves it after each append.
  await connection.collection(LOG_HEAD_COLLECTION).insertOne({ _id: 'head' as never, seq: events, hash: prevHash });
  return { version: SEED_VERSION, events, programmeId: programmeId.toString(), linkId: target.id, bigCallId: bigCall.id };
}

/** How many documents each hot look-up's collection holds for the look-up figures. */
export const LOOKUP_DOCS = Number(process.env.BENCH_LOOKUP_DOCS ?? 100_000);

export interface LookupWorld {
  tokenHashes: string[];
  codes: string[];
  boardIds: string[];
  itemIds: string[];
  /** Schools whose classes a teacher's look-up reads (principalOf). */
  schoolIds: string[];
}

/**
 * LOOKUP_DOCS sessions, join codes (with their calls), boards, exchange items and classes,
 * written through the models (so with the server's indexes); returns keys to look up.
 */
export async function seedLookups(models: Models, programmeId: string, progress: (what: string) => void): Promise<LookupWorld> {
  const random = mulberry32(7);
  const n = LOOKUP_DOCS;
  const pick = <T>(xs: T[], k: number) => Array.from({ length: k }, () => xs[Math.floor(random() * xs.length)]!);
  const inBatches = async (what: string, make: (i: number) => object, write: (docs: object[]) => Promise<unknown>) => {
    for (let i = 0; i < n; i += INSERT_BATCH) {
      await write(Array.from({ length: Math.min(INSERT_BATCH, n - i) }, (_, j) => make(i + j)));
      progress(`${what} ${Math.min(n, i + INSERT_BATCH).toLocaleString()} / ${n.toLocaleString()}`);
    }
  };
  const hex = (i: number, salt: string) => `${salt}${i.toString(16).padStart(12, '0')}`.padEnd(64, '0');
  const expiresAt = new Date(Date.now() + 365 * 86_400_000);
  await inBatches(
    'sessions',
    (i) => ({ tokenHash: hex(i, 'a'), userId: new Types.ObjectId(), csrfToken: hex(i, 'c'), createdAt: new Date(), expiresAt }),
    (d) => models.Session.insertMany(d),
  );
  const callIds = Array.from({ length: n / 2 }, () => new Types.ObjectId());
  await inBatches(
    'join codes',
    (i) => ({ _id: `K${i.toString(36).toUpperCase().padStart(5, '0')}`, callId: callIds[i >> 1] }),
    (d) => models.JoinCode.insertMany(d),
  );
  await inBatches(
    'calls',
    (i) => ({
      _id: callIds[i % callIds.length],
      programmeId,
      linkId: new Types.ObjectId(),
      schoolIds: [],
      title: 'Call',
      devices: [],
      createdBy: new Types.ObjectId(),
      status: 'waiting-for-adults',
    }),
    async (d) => {
      const unique = d.filter((_, j) => j < callIds.length);
      if (unique.length) await models.Call.insertMany(unique).catch(() => undefined); // the second half repeats the first
    },
  );
  await inBatches(
    'boards',
    (i) => ({ _id: `link:${hex(i, 'b').slice(0, 24)}`, kind: 'link', programmeId, linkId: new Types.ObjectId() }),
    (d) => models.Board.insertMany(d),
  );
  const itemIds: string[] = [];
  await inBatches(
    'exchange items',
    (i) => {
      const _id = new Types.ObjectId();
      if (i % 97 === 0) itemIds.push(_id.toString());
      return {
        _id,
        programmeId,
        linkId: new Types.ObjectId(),
        fromSchoolId: new Types.ObjectId(),
        kind: 'image',
        title: `Picture ${i}`,
        by: { kind: 'user', id: 'u' },
        mime: 'image/jpeg',
        bytes: 1000,
        fileId: new Types.ObjectId(),
        thumbnailId: new Types.ObjectId(),
        senderApproval: 'approved',
        receiverApproval: 'not-required',
      };
    },
    (d) => models.ExchangeItem.insertMany(d),
  );
  const schoolIds = Array.from({ length: n / 10 }, () => new Types.ObjectId());
  await inBatches(
    'classes',
    (i) => ({
      programmeId,
      schoolId: schoolIds[i % schoolIds.length],
      name: `Class ${i}`,
      yearGroup: 'Y4',
      pupilCount: 25,
      teacherIds: [new Types.ObjectId()],
    }),
    (d) => models.Class.insertMany(d),
  );
  return {
    tokenHashes: pick(
      Array.from({ length: n }, (_, i) => hex(i, 'a')),
      200,
    ),
    codes: pick(
      Array.from({ length: n }, (_, i) => `K${i.toString(36).toUpperCase().padStart(5, '0')}`),
      200,
    ),
    boardIds: pick(
      Array.from({ length: n }, (_, i) => `link:${hex(i, 'b').slice(0, 24)}`),
      200,
    ),
    itemIds: pick(itemIds, 200),
    schoolIds: pick(schoolIds.map(String), 200),
  };
}
