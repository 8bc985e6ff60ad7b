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

export const SEED_VERSION = 2;
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

const TYPES = ['call.chat-message', 'board.text', 'call.agenda-step', 'call.device-admitted', 'call.participant-left', 'exchange.viewed', 'call.muted', 'board.element-deleted'] as const;

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
  await models.Programme.create({ _id: programmeId, name: 'Bench programme', localAuthority: 'Benchshire', academicYear: '2025-26', retention: DEFAULT_RETENTION, plan: SCHOOLS_LINKING_TEMPLATE });
  const schools = await models.School.insertMany(Array.from({ length: SCHOOLS }, (_, i) => ({ programmeId, name: `School ${i}`, postcode: 'ZZ1 1AA' })));
  const links = await models.Link.insertMany(
    Array.from({ length: LINKS }, (_, i) => ({ programmeId, classIds: [new Types.ObjectId(), new Types.ObjectId()], schoolIds: [schools[i % SCHOOLS]!._id, schools[(i * 7 + 1) % SCHOOLS]!._id], status: 'confirmed' })),
  );
  // The link a DSL looks at is a typical one; the 2-hour call is another link's.
  const target = links[0]!;
  const bigCallLink = links[1]!;
  const bigCall = await models.Call.create({ programmeId, linkId: bigCallLink._id, schoolIds: bigCallLink.schoolIds, title: 'A 2-hour call', agenda: [{ title: 'Welcome', durationMin: 120 }], devices: [], createdBy: new Types.ObjectId(), status: 'ended' });
  await models.User.create({ email: DSL_EMAIL, name: 'Bench DSL', passwordHash: await hashPassword(DSL_PASSWORD), grants: [{ role: 'programme-dsl', programmeId }] });
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
    const at = inBigCall ? new Date(BIG_CALL_START_MS + (seq - bigCallAt) * ((2 * 3_600_000) / BIG_CALL_EVENTS)) : new Date(YEAR_START_MS + (seq / events) * YEAR_MS);
    const callId = inBigCall ? bigCall.id : random() < 0.8 ? callIds[li]![Math.floor(random() * 30)]! : undefined;
    const type = TYPES[Math.floor(random() * TYPES.length)]!;
    const payload = { text: `Event ${seq}: we drew our school and the pond`, participantId: `p${seq % 40}` };
    const base = {
      _id: seq,
      at,
      actor: { kind: 'device' as const, id: `p${seq % 40}`, label: `Class ${seq % 40}` },
      role: 'class-device',
      scope: { programmeId: programmeId.toString(), schoolIds: link.schoolIds.map(String), linkId: link.id as string, ...(callId ? { callId } : {}) },
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
  return { version: SEED_VERSION, events, programmeId: programmeId.toString(), linkId: target.id as string, bigCallId: bigCall.id as string };
}
