// npm run bench:sfu — N concurrent class-pair calls through Linkroom's SFU module (SfuRoom:
// speaker observers, the pause policy, limits) beside the same load through a bare router,
// each on its own mediasoup worker, in the same run. Each class sends 720p/360p/180p VP8
// simulcast and opus (pre-encoded once, replayed paced by RTP timestamps) and receives the
// other class. Prints worker CPU per call and calls per core at 80 % of a core.
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { pino } from 'pino';
import { MEDIA_CODECS } from '../../server/sfu/media-codecs.js';
import { SfuRoomRegistry } from '../../server/sfu/room-registry.js';
import { WorkerPool } from '../../server/sfu/worker-pool.js';
import { linkroomSfu, ssrcsOf, startCalls, startSink, TOP_LAYER, videoParams, audioParams, type Sfu } from './sfu/class-pairs.js';
import { cpuPercent, residentMb } from './proc-stats.js';
import { Replayer } from './sfu/replayer.js';
import { recordClip, type ClipStream } from './sfu/rtp-clip.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 10);
const WARMUP_MS = 4_000;
const MEASURE_MS = 10_000;

async function bareSfu(): Promise<Sfu> {
  const worker = await mediasoup.createWorker({ logLevel: 'error' });
  const routers = new Map<number, types.Router>();
  const recv = new Map<string, types.PlainTransport>();
  const router = async (call: number) => routers.get(call) ?? routers.set(call, await worker.createRouter({ mediaCodecs: MEDIA_CODECS })).get(call)!;
  return {
    worker,
    async addClass(call, cls, sinkPort) {
      const r = await router(call);
      const send = await r.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true, enableBwe: false });
      const ssrcs = ssrcsOf(call, cls);
      const video = await send.produce({ kind: 'video', rtpParameters: videoParams(ssrcs.slice(0, 3)) });
      const audio = await send.produce({ kind: 'audio', rtpParameters: audioParams(ssrcs[3]!) });
      const rt = await r.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false, enableBwe: false });
      await rt.connect({ ip: '127.0.0.1', port: sinkPort });
      recv.set(`${call}:${cls}`, rt);
      return { port: send.tuple.localPort, video: video.id, audio: audio.id };
    },
    async consume(call, cls, producers) {
      const r = await router(call);
      const t = recv.get(`${call}:${cls}`)!;
      for (const producerId of [producers.video, producers.audio]) {
        // A 720p tile on an interactive board: the receiver asks for the top layer.
        await t.consume({ producerId, rtpCapabilities: r.rtpCapabilities, preferredLayers: TOP_LAYER });
      }
    },
    close: () => worker.close(),
  };
}

async function linkroomSfuAlone(): Promise<Sfu> {
  const pool = await WorkerPool.start({ size: 1, logger: pino({ level: 'silent' }) });
  const rooms = new SfuRoomRegistry(pool);
  return linkroomSfu(rooms, pool.workers[0]!, () => {
    rooms.closeAll();
    pool.close();
  });
}

async function run(name: string, sfu: Sfu, clip: ClipStream[]) {
  const sink = await startSink();
  // Every video consumer the worker makes, to read which layer each receiver really gets.
  const videoConsumers: types.Consumer[] = [];
  sfu.worker.observer.on('newrouter', (router) =>
    router.observer.on('newtransport', (t) => t.observer.on('newconsumer', (c) => c.kind === 'video' && videoConsumers.push(c))),
  );
  const idleMb = residentMb(sfu.worker.pid);
  const replayer = new Replayer(clip, await startCalls(sfu, 0, CALLS, sink.port));
  replayer.start();
  const [cpu] = (await cpuPercent([sfu.worker.pid], WARMUP_MS, MEASURE_MS)) as [number];
  const mbPerCall = (residentMb(sfu.worker.pid) - idleMb) / CALLS;
  const onTopLayer = videoConsumers.filter((c) => c.currentLayers?.spatialLayer === TOP_LAYER.spatialLayer).length;
  replayer.stop();
  sfu.close();
  sink.close();
  return { name, cpu, mbPerCall, received: sink.received(), sent: replayer.sentPackets, onTopLayer: `${onTopLayer} of ${videoConsumers.length}` };
}

const clip = await recordClip();
const bare = await run('bare mediasoup router', await bareSfu(), clip);
const linkroom = await run('Linkroom SfuRoom', await linkroomSfuAlone(), clip);
console.log(
  `bench:sfu — ${CALLS} class-pair calls each (per class: VP8 720p/360p/180p simulcast + opus in, the partner's top layer + opus out, on plain RTP transports), ${MEASURE_MS / 1000} s measured after ${WARMUP_MS / 1000} s warm-up`,
);
const row = (r: typeof bare) => ({
  'worker CPU %': r.cpu.toFixed(1),
  'CPU % per call': (r.cpu / CALLS).toFixed(2),
  'calls per core at 80%': Math.floor((80 / r.cpu) * CALLS),
  'worker MB per call': r.mbPerCall.toFixed(2),
  'packets in': r.sent,
  'packets out': r.received,
  'out / in': (r.received / r.sent).toFixed(2),
  'receivers on 720p': r.onTopLayer,
});
console.table({ [bare.name]: row(bare), [linkroom.name]: row(linkroom) });
console.log(`ratio Linkroom / bare (CPU per call): ${(linkroom.cpu / bare.cpu).toFixed(2)}`);
