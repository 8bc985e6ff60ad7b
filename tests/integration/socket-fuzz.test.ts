// Every client event fed 300 malformed payloads (fast-check, seeded) by a teacher inside a
// live call: each is answered {ok:false, error:{code}} with a typed code (or, for the rare
// payload that happens to be valid, {ok:true}); nothing answers 'internal'; the server logs
// nothing at error level and stays healthy.
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLIENT_EVENTS } from '../../shared/events.js';
import type { SocketTransport } from '../../client/src/api/socket-transport.js';
import { startCallWorld, type CallWorld } from '../support/call-world.js';

const PAYLOADS_PER_EVENT = 300;
const IN_FLIGHT = 50;
/** Keys the real payloads use, so that many payloads get past the first check. */
const KEYS = [
  'callId',
  'code',
  'displayName',
  'rejoinToken',
  'participantId',
  'roomId',
  'transportId',
  'kind',
  'source',
  'rtpParameters',
  'rtpCapabilities',
  'dtlsParameters',
  'producerId',
  'consumerId',
  'spatialLayer',
  'text',
  'channel',
  'messageId',
  'board',
  'update',
  'data',
  'on',
  'locked',
  'direction',
  'step',
  'elementId',
  'reason',
  'to',
  'encodings',
  'codecs',
];
const payload = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(fc.anything({ maxDepth: 2 }), fc.string({ maxLength: 300 }), fc.integer(), fc.double(), fc.constant(null)), {
    maxKeys: 5,
  }),
);

describe('every client event under malformed payloads', () => {
  let world: CallWorld;
  let teacher: SocketTransport;
  const errors: string[] = [];
  beforeAll(async () => {
    const errorLines = new Writable({ write: (chunk, _enc, done) => (errors.push(String(chunk)), done()) });
    world = await startCallWorld(inject('mongoUri'), `t_socket_fuzz_${process.pid}`, {}, pino({ level: 'error' }, errorLines));
    teacher = await world.teacher(0);
  });
  afterAll(async () => {
    await world?.close();
  });

  it(`answers ${PAYLOADS_PER_EVENT} malformed payloads per event with typed errors, and logs no error`, async () => {
    const raw = (teacher as unknown as { socket: { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } } }).socket;
    const untyped: string[] = [];
    let seed = 1;
    for (const event of Object.keys(CLIENT_EVENTS)) {
      const samples = fc.sample(payload, { numRuns: PAYLOADS_PER_EVENT, seed: seed++ });
      for (let i = 0; i < samples.length; i += IN_FLIGHT) {
        const acks = await Promise.all(
          samples.slice(i, i + IN_FLIGHT).map((p) =>
            raw
              .timeout(10_000)
              .emitWithAck(event, p)
              .catch((e: Error) => ({ timeout: e.message })),
          ),
        );
        for (const [j, ack] of acks.entries()) {
          const a = ack as { ok?: unknown; error?: { code?: unknown } };
          const typed = a.ok === true || (a.ok === false && typeof a.error?.code === 'string' && a.error.code !== 'internal');
          if (!typed) untyped.push(`${event} ${JSON.stringify(samples[i + j]).slice(0, 200)} → ${JSON.stringify(ack).slice(0, 200)}`);
        }
      }
    }
    expect(untyped.slice(0, 10)).toEqual([]);
    expect(errors.slice(0, 5)).toEqual([]);
    expect((await fetch(`${world.server.url}/healthz`)).status).toBe(200);
  }, 180_000);
});
