// A running Linkroom with one link and one call, for socket-level tests and benchmarks:
// two link teachers (one per school) and as many class devices as asked for, all admitted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { pino, type Logger } from 'pino';
import { SocketTransport } from '../../client/src/api/socket-transport.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { loadConfig } from '../../server/config.js';
import { startLinkroom, type Linkroom } from '../../server/linkroom.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import type { CallState } from '../../shared/schemas/call.js';

export const WORLD_PASSWORD = 'a long test password';

export interface CallWorld {
  server: Linkroom;
  callId: string;
  linkId: string;
  cookies: [string, string];
  csrfs: [string, string];
  codes: [string, string];
  transports: SocketTransport[];
  /** A teacher of school 0 or 1, joined to the call. */
  teacher(school: 0 | 1): Promise<SocketTransport>;
  /** A class device of school 0 or 1, joined and admitted by that school's teacher (`onState` hears it from the start). */
  device(school: 0 | 1, name: string, admitter: SocketTransport, onState?: (state: CallState) => void): Promise<SocketTransport>;
  close(): Promise<void>;
}

async function login(url: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: WORLD_PASSWORD }),
  });
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** A Linkroom node on loopback without a client build, on database `dbName` (another node of the same world, too). */
export function startWorldNode(mongoUri: string, dbName: string, env: Record<string, string> = {}, logger?: Logger): Promise<Linkroom> {
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    MONGODB_URI: `${mongoUri}${dbName}`,
    SFU_WORKERS: '1',
    CLIENT_DIST: mkdtempSync(path.join(tmpdir(), 'no-client-')),
    ...env,
  });
  return startLinkroom(config, logger ?? pino({ level: process.env.LOG_LEVEL ?? 'silent' }));
}

export async function startCallWorld(mongoUri: string, dbName: string, env: Record<string, string> = {}, logger?: Logger): Promise<CallWorld> {
  const server = await startWorldNode(mongoUri, dbName, env, logger);
  const m = server.models;
  const P = new Types.ObjectId();
  const schools = [new Types.ObjectId(), new Types.ObjectId()] as const;
  await m.Programme.create({ _id: P, name: 'P', localAuthority: 'X', academicYear: '2025-26', retention: DEFAULT_RETENTION, plan: SCHOOLS_LINKING_TEMPLATE });
  await m.School.create(schools.map((id, i) => ({ _id: id, programmeId: P, name: `School ${i}`, postcode: 'ZZ1 1AA' })));
  const passwordHash = await hashPassword(WORLD_PASSWORD);
  const teachers = await m.User.create(
    schools.map((s, i) => ({
      email: `t${i}.${dbName}@example.test`,
      name: `Teacher ${i}`,
      passwordHash,
      grants: [{ role: 'teacher', programmeId: P, schoolId: s }],
    })),
  );
  const classes = await m.Class.create(
    schools.map((s, i) => ({ programmeId: P, schoolId: s, name: `4${i}`, yearGroup: 'Y4', pupilCount: 20, teacherIds: [teachers[i]!._id] })),
  );
  const link = await m.Link.create({ programmeId: P, classIds: classes.map((c) => c._id), schoolIds: [...schools], status: 'confirmed' });
  const sessions = [await login(server.url, `t0.${dbName}@example.test`), await login(server.url, `t1.${dbName}@example.test`)] as const;
  const created = await fetch(`${server.url}/api/links/${link.id}/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: sessions[0].cookie, 'x-csrf-token': sessions[0].csrf },
    body: '{}',
  });
  const call = (await created.json()) as { id: string; devices: { classId: string; code: string }[] };
  const codes = classes.map((c) => call.devices.find((d) => d.classId === c.id)!.code) as [string, string];
  const transports: SocketTransport[] = [];
  const connect = async (cookie?: string) => {
    const t = new SocketTransport(server.url, { reconnection: false, ...(cookie ? { cookie } : {}) });
    transports.push(t);
    await t.connected();
    return t;
  };
  return {
    server,
    callId: call.id,
    linkId: link.id,
    cookies: [sessions[0].cookie, sessions[1].cookie],
    csrfs: [sessions[0].csrf, sessions[1].csrf],
    codes,
    transports,
    async teacher(school) {
      const t = await connect(sessions[school].cookie);
      await t.request('call:join-teacher', { callId: call.id });
      return t;
    },
    async device(school, name, admitter, onState) {
      const t = await connect();
      if (onState) t.on('call:state', onState);
      const { participantId } = await t.request('call:join-device', { code: codes[school], displayName: name });
      await admitter.request('call:admit', { participantId });
      return t;
    },
    async close() {
      for (const t of transports) t.close();
      await server.db.connection.dropDatabase().catch(() => undefined);
      await server.close();
    },
  };
}
