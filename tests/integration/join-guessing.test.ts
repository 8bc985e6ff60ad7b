// Guessing join codes over real sockets: a burst on one socket, and a client behind a
// trusted proxy claiming a new address every few guesses. At most 10 look-ups a minute
// from an address however the guesses arrive; at most 10 log events for them.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JOIN_LOOKUPS_PER_MINUTE } from '../../server/calls/join-guard.js';
import type { CallState } from '../../shared/schemas/call.js';
import { startCallWorld, type CallWorld } from '../support/call-world.js';
import { until } from '../support/until.js';

type Ack = { ok: boolean; error?: { code: string } };

describe('join-code guessing', () => {
  let world: CallWorld;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    world = await startCallWorld(inject('mongoUri'), `t_join_guessing_${process.pid}`, { TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await world?.close();
  });

  /** A socket as nginx on loopback would forward it: the client's claim, then its real address. */
  const connect = async (forwardedFor: string) => {
    const s = io(world.server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': forwardedFor } });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => s.once('connect', () => resolve()).once('connect_error', reject));
    return s;
  };
  const guess = (s: Socket, code: string) => s.emitWithAck('call:join-device', { code, displayName: 'Guesser' }) as Promise<Ack>;
  const attemptsFrom = (address: string) => world.server.log.collection.countDocuments({ type: 'call.join-attempt', 'actor.id': address });

  it('a burst of 300 on one socket gets 10 look-ups, the right code sent last among them refused; the call’s teachers are told', async () => {
    const teacher = await world.teacher(0);
    let state: CallState | undefined;
    teacher.on('call:state', (s) => (state = s));
    const device = await world.device(1, 'Class 4B', await world.teacher(1));
    let deviceState: CallState | undefined;
    device.on('call:state', (s) => (deviceState = s));
    const s = await connect('192.0.2.10');
    const acks = await Promise.all([...Array.from({ length: 299 }, () => guess(s, 'XXXXXX')), guess(s, world.codes[0])]);
    const codes = acks.map((a) => a.error?.code);
    expect(codes.filter((c) => c === 'bad-code')).toHaveLength(JOIN_LOOKUPS_PER_MINUTE);
    expect(codes.filter((c) => c === 'rate-limited')).toHaveLength(300 - JOIN_LOOKUPS_PER_MINUTE);
    expect(acks.at(-1)!.error?.code).toBe('rate-limited');
    expect(await attemptsFrom('192.0.2.10')).toBe(JOIN_LOOKUPS_PER_MINUTE);
    await until('the teacher is told someone is guessing', () => !!state?.codeGuessing);
    // Told at the first refusal, and the count brought up to date a moment later.
    await until('the count is brought up to date', () => state?.codeGuessing?.refused === 300 - JOIN_LOOKUPS_PER_MINUTE, 10_000);
    expect(state!.codeGuessing).toMatchObject({ addresses: 1 });
    expect(deviceState?.codeGuessing).toBeUndefined(); // classes are not alarmed
  });

  it('a client claiming a new address every 3 guesses behind the trusted proxy is limited by its real one', async () => {
    const codes: (string | undefined)[] = [];
    for (let n = 0; n < 5; n++) {
      const s = await connect(`10.66.0.${n}, 192.0.2.77`);
      for (let i = 0; i < 3; i++) codes.push((await guess(s, 'XXXXXX')).error?.code);
    }
    expect(codes.filter((c) => c === 'bad-code')).toHaveLength(JOIN_LOOKUPS_PER_MINUTE);
    expect(codes.slice(JOIN_LOOKUPS_PER_MINUTE)).toEqual(Array(5).fill('rate-limited'));
    expect(await attemptsFrom('192.0.2.77')).toBe(JOIN_LOOKUPS_PER_MINUTE);
    expect(await world.server.log.collection.countDocuments({ type: 'call.join-attempt', 'actor.id': /^10\.66\./ })).toBe(0);
  });

  it('a classroom that types its code right gets in from an address others guessed from', async () => {
    const s = await connect('192.0.2.200');
    for (let i = 0; i < JOIN_LOOKUPS_PER_MINUTE - 1; i++) await guess(s, 'XXXXXX');
    const right = await connect('192.0.2.200');
    expect((await guess(right, world.codes[1])).ok).toBe(true);
  });
});
