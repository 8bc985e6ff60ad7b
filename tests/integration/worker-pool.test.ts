import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_CODECS } from '../../server/sfu/media-codecs.js';
import { WorkerPool } from '../../server/sfu/worker-pool.js';
import { freePortsInARow } from '../support/free-ports.js';

const logger = pino({ level: 'silent' });

describe('WorkerPool (real mediasoup-worker)', () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = await WorkerPool.start({ size: 2, logger });
  });
  afterAll(() => pool.close());

  it('starts the requested number of live workers', () => {
    expect(pool.stats()).toEqual({ workers: 2, alive: 2 });
    const pids = new Set(pool.workers.map((w) => w.pid));
    expect(pids.size).toBe(2);
  });

  it('hands out workers round robin', () => {
    const a = pool.next();
    const b = pool.next();
    expect(a.pid).not.toBe(b.pid);
    expect(pool.next().pid).toBe(a.pid);
  });

  it('creates a router with opus, VP8 and H264 and a WebRTC transport on 127.0.0.1, then closes them', async () => {
    const router = await pool.next().createRouter({ mediaCodecs: MEDIA_CODECS });
    const mimeTypes = router.rtpCapabilities.codecs?.map((c) => c.mimeType) ?? [];
    expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));
    const transport = await router.createWebRtcTransport({
      listenInfos: [{ protocol: 'udp', ip: '127.0.0.1', portRange: { min: 40000, max: 49999 } }],
    });
    expect(transport.iceCandidates[0]).toMatchObject({ address: '127.0.0.1', protocol: 'udp' });
    expect(transport.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
    router.close();
    expect(transport.closed).toBe(true);
    expect(router.closed).toBe(true);
  });

  it('replaces a worker that is killed', async () => {
    const victim = pool.workers[0]!;
    const died = once(pool, 'workerDied');
    const replaced = once(pool, 'workerReplaced');
    process.kill(victim.pid, 'SIGKILL');
    const [death] = await died;
    expect(death.pid).toBe(victim.pid);
    expect(pool.stats().alive).toBe(1);
    const [{ pid }] = await replaced;
    expect(pid).not.toBe(victim.pid);
    expect(pool.stats()).toEqual({ workers: 2, alive: 2 });
    // The new worker is usable.
    const router = await pool.workers.find((w) => w.pid === pid)!.createRouter({ mediaCodecs: MEDIA_CODECS });
    router.close();
  });

  it('never hands out a dead worker', async () => {
    const victim = pool.workers[1]!;
    const died = once(pool, 'workerDied');
    process.kill(victim.pid, 'SIGKILL');
    await died;
    for (let i = 0; i < 4; i++) expect(pool.next().pid).not.toBe(victim.pid);
    await once(pool, 'workerReplaced');
  });
});

describe('WorkerPool media ports', () => {
  it('puts every WebRTC transport of worker i on one UDP and one TCP port, RTC_PORT + i', async () => {
    const port = await freePortsInARow(2);
    const pool = await WorkerPool.start({ size: 2, logger, listen: { ip: '127.0.0.1', port, minPort: 40000, maxPort: 49999 } });
    try {
      expect(await pool.mediaPorts()).toEqual({ udp: [port, port + 1], tcp: [port, port + 1] });
      for (const [i, worker] of pool.workers.entries()) {
        const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
        const webRtcServer = pool.webRtcServerOf(worker);
        const transports = await Promise.all(Array.from({ length: 3 }, () => router.createWebRtcTransport({ webRtcServer, enableTcp: true })));
        for (const t of transports) {
          expect(t.iceCandidates.map((c) => [c.protocol, c.port]).sort()).toEqual([
            ['tcp', port + i],
            ['udp', port + i],
          ]);
        }
        router.close();
      }
    } finally {
      pool.close();
    }
  });

  it('refuses to start, saying which port, when the media port is taken', async () => {
    const port = await freePortsInARow(2);
    const taken = createSocket('udp4');
    await new Promise<void>((resolve) => taken.bind(port, '127.0.0.1', resolve));
    try {
      await expect(WorkerPool.start({ size: 1, logger, listen: { ip: '127.0.0.1', port, minPort: 40000, maxPort: 49999 } })).rejects.toThrow(
        new RegExp(`could not listen on port ${port}`),
      );
    } finally {
      taken.close();
    }
  });
});
