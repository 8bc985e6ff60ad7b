// Socket events of calls against the real server: validation, authorisation, rate limits.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.js';
import { loadConfig } from '../../server/config.js';
import { startLinkroom, type Linkroom } from '../../server/linkroom.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import '../support/provided.js';

const PASSWORD = 'a long test password';
let server: Linkroom;
let callId = '';
let codeA = '';
const sockets: Socket[] = [];

function connect(cookie?: string): Promise<Socket> {
  const s = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}
const ask = (s: Socket, event: string, payload: unknown) =>
  s.timeout(5_000).emitWithAck(event, payload) as Promise<{ ok: boolean; error?: { code: string; message: string } }>;

describe('call socket events', () => {
  let teacherCookie = '';
  beforeAll(async () => {
    const config = loadConfig({
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      MONGODB_URI: `${inject('mongoUri')}call_socket_${process.pid}`,
      SFU_WORKERS: '1',
      CLIENT_DIST: mkdtempSync(path.join(tmpdir(), 'no-client-')),
    });
    server = await startLinkroom(config, pino({ level: 'silent' }));
    const m = server.models;
    const P = new Types.ObjectId();
    const [A, B] = [new Types.ObjectId(), new Types.ObjectId()];
    await m.Programme.create({ _id: P, name: 'P', localAuthority: 'X', academicYear: '2025-26', retention: DEFAULT_RETENTION, plan: SCHOOLS_LINKING_TEMPLATE });
    await m.School.create([
      { _id: A, programmeId: P, name: 'A', postcode: 'ZZ1 1AA' },
      { _id: B, programmeId: P, name: 'B', postcode: 'ZZ1 1AB' },
    ]);
    const t = await m.User.create({
      email: 'ta@example.test',
      name: 'Ms A',
      passwordHash: await hashPassword(PASSWORD),
      grants: [{ role: 'teacher', programmeId: P, schoolId: A }],
    });
    const [ca, cb] = await m.Class.create([
      { programmeId: P, schoolId: A, name: '4A', yearGroup: 'Y4', pupilCount: 20, teacherIds: [t._id] },
      { programmeId: P, schoolId: B, name: '4B', yearGroup: 'Y4', pupilCount: 20 },
    ]);
    const link = await m.Link.create({ programmeId: P, classIds: [ca!._id, cb!._id], schoolIds: [A, B], status: 'confirmed' });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ta@example.test', password: PASSWORD }),
    });
    teacherCookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = (await login.json()).csrfToken;
    const call = await (
      await fetch(`${server.url}/api/links/${link.id}/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: teacherCookie, 'x-csrf-token': csrf },
        body: '{}',
      })
    ).json();
    callId = call.id;
    codeA = call.devices.find((d: { classId: string }) => d.classId === ca!.id).code;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.db.connection.dropDatabase().catch(() => undefined);
    await server?.close();
  });

  it('answers malformed payloads of every call event with bad-request, and keeps serving', async () => {
    const s = await connect();
    const malformed: [string, unknown][] = [
      ['call:join-teacher', { callId: 42 }],
      ['call:join-device', { code: 'ACDEFG' }],
      ['call:join-device', { code: 'ACDEFG', displayName: 'x'.repeat(500) }],
      ['call:join-device', { code: 'ACDEFG', displayName: '4A', admin: true }],
      ['call:admit', {}],
      ['call:deny', null],
      ['call:remove', 'everyone'],
      ['call:agenda', { direction: 'sideways' }],
      ['call:mute-all', { loud: true }],
      ['call:hard-mute', { participantId: 'x', on: 'yes' }],
      ['call:unmute-self', []],
      ['call:end', { now: true }],
      ['media:join', { roomId: '../../etc' }],
      ['media:produce', { transportId: 'x', kind: 'smell', rtpParameters: {} }],
      // Numbers out of range, which mediasoup would store unsigned (-1 became 4294967295).
      [
        'media:produce',
        {
          transportId: 'x',
          kind: 'video',
          rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: -1 }] },
        },
      ],
      [
        'media:produce',
        {
          transportId: 'x',
          kind: 'video',
          rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 2 ** 32 }] },
        },
      ],
      [
        'media:produce',
        {
          transportId: 'x',
          kind: 'video',
          rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1, rtx: { ssrc: 1.5 } }] },
        },
      ],
      ['media:produce', { transportId: 'x', kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: -90000 }] } }],
      [
        'media:produce',
        {
          transportId: 'x',
          kind: 'video',
          rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: { 'x-google-start-bitrate': 1e300 } }] },
        },
      ],
    ];
    for (const [event, payload] of malformed) {
      const ack = await ask(s, event, payload);
      expect(ack, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    // An event with no acknowledgement callback is dropped without harm.
    s.emit('call:end', {});
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses media to a socket that is not admitted to the call', async () => {
    const s = await connect();
    expect(await ask(s, 'media:join', { roomId: callId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses teacher-only events from a class device and logs each attempt', async () => {
    const device = await connect();
    const joined = await ask(device, 'call:join-device', { code: codeA, displayName: 'Class 4A' });
    expect(joined).toMatchObject({ ok: true });
    for (const [event, payload] of [
      ['call:mute-all', {}],
      ['call:agenda', { direction: 'next' }],
      ['call:end', {}],
    ] as const) {
      expect(await ask(device, event, payload)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const forbidden = await server.log.collection.countDocuments({ type: 'call.forbidden', 'scope.callId': callId });
    expect(forbidden).toBe(3);
  });

  it('lets a teacher join only with a session, and not twice on one connection', async () => {
    const anonymous = await connect();
    expect(await ask(anonymous, 'call:join-teacher', { callId })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const t = await connect(teacherCookie);
    expect(await ask(t, 'call:join-teacher', { callId })).toMatchObject({ ok: true });
    expect(await ask(t, 'call:join-teacher', { callId })).toMatchObject({ ok: false, error: { code: 'already-joined' } });
  });

  it('carries a teacher’s lock, spotlight and microphone, and a class’s raised hand, to everyone', async () => {
    const t = await connect(teacherCookie);
    const states: { locked: boolean; spotlight: string | null; micHolder: string | null; participants: { id: string; handRaised: boolean }[] }[] = [];
    t.on('call:state', (s) => states.push(s));
    const tj = await ask(t, 'call:join-teacher', { callId });
    expect(tj).toMatchObject({ ok: true });
    const device = await connect();
    const dj = (await ask(device, 'call:join-device', { code: codeA, displayName: 'Class 4A again' })) as { ok: boolean; participantId: string };
    expect(await ask(t, 'call:admit', { participantId: dj.participantId })).toMatchObject({ ok: true });
    const last = () => states.at(-1)!;
    const settle = () => new Promise((r) => setTimeout(r, 100));

    expect(await ask(device, 'call:raise-hand', { on: true })).toMatchObject({ ok: true });
    await settle();
    expect(last().participants.find((p) => p.id === dj.participantId)?.handRaised).toBe(true);
    expect(await ask(t, 'call:pass-mic', { participantId: dj.participantId })).toMatchObject({ ok: true });
    expect(await ask(t, 'call:spotlight', { participantId: dj.participantId })).toMatchObject({ ok: true });
    expect(await ask(t, 'call:stop-video', { participantId: dj.participantId, on: true })).toMatchObject({ ok: true });
    expect(await ask(t, 'call:lock', { on: true })).toMatchObject({ ok: true });
    await settle();
    expect(last()).toMatchObject({ locked: true, spotlight: dj.participantId, micHolder: dj.participantId });
    // Passing the microphone answers the raised hand.
    expect(last().participants.find((p) => p.id === dj.participantId)?.handRaised).toBe(false);

    const late = await connect();
    expect(await ask(late, 'call:join-device', { code: codeA, displayName: 'Late class' })).toMatchObject({ ok: false, error: { code: 'call-locked' } });
    const types = (await server.log.collection.find({ 'scope.callId': callId }).toArray()).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['call.hand-raised', 'call.mic-passed', 'call.spotlight', 'call.video-stopped', 'call.locked']));
    expect(await ask(t, 'call:lock', { on: false })).toMatchObject({ ok: true });
  });

  it('keeps class chat off until a teacher turns it on, filters its language, and logs deleted text', async () => {
    const t = await connect(teacherCookie);
    const chats: { messages: { id: string; text: string; channel: string }[] }[] = [];
    t.on('call:chat', (c) => chats.push(c));
    expect(await ask(t, 'call:join-teacher', { callId })).toMatchObject({ ok: true });
    const device = await connect();
    const deviceChats: { messages: { text: string; channel: string }[] }[] = [];
    device.on('call:chat', (c) => deviceChats.push(c));
    const dj = (await ask(device, 'call:join-device', { code: codeA, displayName: 'Chatty class' })) as unknown as { participantId: string };
    expect(await ask(t, 'call:admit', { participantId: dj.participantId })).toMatchObject({ ok: true });

    expect(await ask(device, 'call:chat-send', { channel: 'class', text: 'Hello!' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(t, 'call:chat-send', { channel: 'teachers', text: 'Ready when you are' })).toMatchObject({ ok: true });
    expect(await ask(t, 'call:class-chat', { on: true })).toMatchObject({ ok: true });
    expect(await ask(device, 'call:chat-send', { channel: 'teachers', text: 'sneaky' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(device, 'call:chat-send', { channel: 'class', text: 'you are a b1tch' })).toMatchObject({ ok: false, error: { code: 'language' } });
    const sent = (await ask(device, 'call:chat-send', { channel: 'class', text: 'Our town has a canal' })) as { ok: boolean; messageId: string };
    expect(sent.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    // The device never sees the teachers' side chat.
    expect(deviceChats.at(-1)!.messages.map((m) => m.text)).toEqual(['Our town has a canal']);
    expect(chats.at(-1)!.messages.map((m) => m.text)).toEqual(['Ready when you are', 'Our town has a canal']);

    expect(await ask(t, 'call:chat-delete', { messageId: sent.messageId })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(deviceChats.at(-1)!.messages).toEqual([]);
    const deleted = await server.log.collection.findOne({ type: 'call.chat-deleted', 'payload.messageId': sent.messageId });
    expect(deleted?.payload).toMatchObject({ text: 'Our town has a canal', from: 'Chatty class' });
    expect(await server.log.collection.countDocuments({ type: 'call.chat-refused', 'payload.text': 'you are a b1tch' })).toBe(1);
  });

  it('lets only a teacher share a screen', async () => {
    const VP8 = { mid: '0', codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 1111 }], rtcp: { cname: 'x' } };
    const t = await connect(teacherCookie);
    expect(await ask(t, 'call:join-teacher', { callId })).toMatchObject({ ok: true });
    const device = await connect();
    const dj = (await ask(device, 'call:join-device', { code: codeA, displayName: 'Screen class' })) as unknown as { participantId: string };
    expect(await ask(t, 'call:admit', { participantId: dj.participantId })).toMatchObject({ ok: true });
    for (const [who, expected] of [
      [device, { ok: false, error: { code: 'forbidden' } }],
      [t, { ok: true }],
    ] as const) {
      expect(await ask(who, 'media:join', { roomId: callId })).toMatchObject({ ok: true });
      const transport = (await ask(who, 'media:create-transport', { direction: 'send' })) as unknown as { id: string };
      expect(await ask(who, 'media:produce', { transportId: transport.id, kind: 'video', rtpParameters: VP8, source: 'screen' })).toMatchObject(expected);
    }
  });

  it('mutes one class softly, and sends a class back to the lobby and out of the media room', async () => {
    const t = await connect(teacherCookie);
    const states: { participants: { id: string; muted: boolean; state: string }[] }[] = [];
    t.on('call:state', (st) => states.push(st));
    expect(await ask(t, 'call:join-teacher', { callId })).toMatchObject({ ok: true });
    const device = await connect();
    const dj = (await ask(device, 'call:join-device', { code: codeA, displayName: 'Lobby class' })) as unknown as { participantId: string };
    expect(await ask(t, 'call:admit', { participantId: dj.participantId })).toMatchObject({ ok: true });
    expect(await ask(device, 'media:join', { roomId: callId })).toMatchObject({ ok: true });
    expect(await ask(t, 'call:mute', { participantId: dj.participantId })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(states.at(-1)!.participants.find((p) => p.id === dj.participantId)?.muted).toBe(true);
    // A soft mute: the class may unmute itself.
    expect(await ask(device, 'call:unmute-self', {})).toMatchObject({ ok: true });

    expect(await ask(t, 'call:remove', { participantId: dj.participantId, toLobby: true })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(states.at(-1)!.participants.find((p) => p.id === dj.participantId)?.state).toBe('lobby');
    expect(server.rooms.get(callId)?.hasPeer(device.id!)).toBe(false);
    // Not admitted any more: no media until a teacher lets it in again.
    expect(await ask(device, 'media:join', { roomId: callId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(t, 'call:admit', { participantId: dj.participantId })).toMatchObject({ ok: true });
    expect(await ask(device, 'media:join', { roomId: callId })).toMatchObject({ ok: true });
  });

  it('gives a class in the lobby the SFU’s codecs, and at admission both transports and a resumed consumer of each producer in one answer', async () => {
    const VP8 = { mid: '0', codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 2222 }], rtcp: { cname: 't' } };
    const t = await connect(teacherCookie);
    expect(await ask(t, 'call:join-teacher', { callId })).toMatchObject({ ok: true });
    expect(await ask(t, 'media:join', { roomId: callId })).toMatchObject({ ok: true });
    const send = (await ask(t, 'media:create-transport', { direction: 'send' })) as unknown as { id: string };
    const { producerId } = (await ask(t, 'media:produce', { transportId: send.id, kind: 'video', rtpParameters: VP8 })) as unknown as { producerId: string };

    const device = await connect();
    const dj = (await ask(device, 'call:join-device', { code: codeA, displayName: 'Quick class' })) as unknown as { participantId: string };
    // Waiting in the lobby: the codecs, but no media yet.
    const caps = (await ask(device, 'media:capabilities', {})) as unknown as { ok: true; routerRtpCapabilities: { codecs: unknown[] } };
    expect(caps.routerRtpCapabilities).toEqual(JSON.parse(JSON.stringify(server.rooms.get(callId)!.rtpCapabilities)));
    expect(await ask(device, 'media:join', { roomId: callId, rtpCapabilities: caps.routerRtpCapabilities })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ask(t, 'call:admit', { participantId: dj.participantId })).toMatchObject({ ok: true });
    const joined = await ask(device, 'media:join', { roomId: callId, rtpCapabilities: caps.routerRtpCapabilities });
    expect(joined).toMatchObject({
      ok: true,
      transports: { send: { id: expect.any(String) }, recv: { id: expect.any(String) } },
      consumers: [{ producerId, peerId: t.id, kind: 'video', source: 'camera' }],
    });
    // Both transports made: no third one.
    expect(await ask(device, 'media:create-transport', { direction: 'recv' })).toMatchObject({ ok: false, error: { code: 'limit-reached' } });
    // A payload it does not take: a typed refusal.
    const other = await connect();
    expect(await ask(other, 'media:capabilities', { roomId: callId })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('gives at most two transports to a peer', async () => {
    const t = await connect(teacherCookie);
    expect(await ask(t, 'call:join-teacher', { callId })).toMatchObject({ ok: true });
    expect(await ask(t, 'media:join', { roomId: callId })).toMatchObject({ ok: true });
    expect(await ask(t, 'media:create-transport', { direction: 'send' })).toMatchObject({ ok: true });
    expect(await ask(t, 'media:create-transport', { direction: 'recv' })).toMatchObject({ ok: true });
    expect(await ask(t, 'media:create-transport', { direction: 'recv' })).toMatchObject({ ok: false, error: { code: 'limit-reached' } });
  });

  it('stops a teacher whose role was removed during the call at their next action', async () => {
    const t = await connect(teacherCookie);
    expect(await ask(t, 'call:join-teacher', { callId })).toMatchObject({ ok: true });
    expect(await ask(t, 'call:mute-all', {})).toMatchObject({ ok: true });
    const teacherUser = await server.models.User.findOne({ email: 'ta@example.test' });
    const grants = teacherUser!.grants.map((g) => ({ role: g.role, programmeId: g.programmeId, schoolId: g.schoolId }));
    await server.models.User.updateOne({ _id: teacherUser!._id }, { $set: { grants: [] } });
    try {
      expect(await ask(t, 'call:mute-all', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      await server.models.User.updateOne({ _id: teacherUser!._id }, { $set: { grants } });
    }
  });

  it('disconnects a teacher’s live sockets when they log out everywhere', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ta@example.test', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = (await login.json()).csrfToken;
    const t = await connect(cookie);
    expect(await ask(t, 'call:join-teacher', { callId })).toMatchObject({ ok: true });
    const gone = new Promise((r) => t.once('disconnect', r));
    await fetch(`${server.url}/api/auth/logout-everywhere`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: '{}',
    });
    await gone;
    expect(t.connected).toBe(false);
    // Log in again for the tests that follow.
    const again = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ta@example.test', password: PASSWORD }),
    });
    teacherCookie = again.headers.get('set-cookie')!.split(';')[0]!;
  });

  it('logs wrong codes and rate-limits guessing from one address', async () => {
    const s = await connect();
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push((await ask(s, 'call:join-device', { code: 'XXXXXX', displayName: 'Guesser' })).error?.code);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('bad-code'));
    expect(codes.slice(10)).toEqual(['rate-limited', 'rate-limited']);
    // Each wrong code is logged; once limited, attempts are refused before any log write,
    // so guessing cannot flood the log.
    const logged = await server.log.collection.countDocuments({ type: 'call.join-attempt', 'payload.ok': false });
    expect(logged).toBeGreaterThanOrEqual(10);
    expect((await ask(s, 'call:join-device', { code: 'XXXXXX', displayName: 'Guesser' })).error?.code).toBe('rate-limited');
    expect(await server.log.collection.countDocuments({ type: 'call.join-attempt', 'payload.ok': false })).toBe(logged);
  });
});
