// What an operator watches, in Prometheus's text format (prom-client): live media rooms,
// peers, producers and consumers, each SFU worker's CPU, the event loop's lag (prom-client's
// defaults), and the safeguarding log's append latency and queue. Read at scrape time from
// the parts that hold them; nothing here keeps its own copy of the state.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import type { MediaCounts } from '../sfu/room.js';
import type { SfuRoomRegistry } from '../sfu/room-registry.js';
import type { WorkerPool } from '../sfu/worker-pool.js';

export interface MetricsSources {
  rooms: SfuRoomRegistry;
  pool: WorkerPool;
  log: SafeguardingLog;
}

/** Log appends wait for a majority write: tens of milliseconds normally, seconds when the database struggles. */
const APPEND_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics({ rooms, pool, log }: MetricsSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'linkroom_media_rooms',
    help: 'Calls with a media room on this node',
    registers: [registry],
    collect() {
      this.set(rooms.size);
    },
  });
  new Gauge({
    name: 'linkroom_peers',
    help: 'Participants with media in a call on this node',
    registers: [registry],
    collect() {
      this.set(rooms.all().reduce((n, r) => n + r.peerCount, 0));
    },
  });
  for (const [name, pick] of [
    ['linkroom_producers', (c: MediaCounts) => c.producers],
    ['linkroom_consumers', (c: MediaCounts) => c.consumers],
  ] as const) {
    new Gauge({
      name,
      help: `${name === 'linkroom_producers' ? 'Media sent into' : 'Media sent out of'} the SFU on this node, by kind`,
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        const sum = { audio: 0, video: 0 };
        for (const room of rooms.all()) {
          const c = pick(room.mediaCounts());
          sum.audio += c.audio;
          sum.video += c.video;
        }
        this.set({ kind: 'audio' }, sum.audio);
        this.set({ kind: 'video' }, sum.video);
      },
    });
  }
  new Gauge({
    name: 'linkroom_sfu_workers_alive',
    help: 'mediasoup workers running (a dead one is respawned)',
    registers: [registry],
    collect() {
      this.set(pool.stats().alive);
    },
  });
  new Gauge({
    name: 'linkroom_sfu_worker_cpu_seconds',
    help: 'CPU time used by each mediasoup worker process since it started (user + system)',
    labelNames: ['pid'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const worker of pool.workers) {
        const usage = await worker.getResourceUsage().catch(() => null);
        if (usage) this.set({ pid: String(worker.pid) }, (usage.ru_utime + usage.ru_stime) / 1000);
      }
    },
  });
  const appends = new Histogram({
    name: 'linkroom_log_append_seconds',
    help: 'Time from a safeguarding-log append to the database confirming it',
    buckets: APPEND_BUCKETS_S,
    registers: [registry],
  });
  log.observeAppends((s) => appends.observe(s));
  new Gauge({
    name: 'linkroom_log_append_queue_depth',
    help: 'Safeguarding-log events waiting to be written',
    registers: [registry],
    collect() {
      this.set(log.appendQueueDepth);
    },
  });
  return registry;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameToken(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET /metrics: with a token configured, for its bearer only; without one, for this machine only. */
export function metricsHandler(registry: Registry, token: string | undefined): RequestHandler {
  return (req, res, next) => {
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    // A reverse proxy on this machine connects from loopback too: a forwarded request is not local.
    const local = LOOPBACK.has(req.socket.remoteAddress ?? '') && !req.get('x-forwarded-for') && !req.get('forwarded');
    const allowed = token ? !!bearer && sameToken(bearer, token) : local;
    if (!allowed) {
      res.status(token ? 401 : 403).json({
        error: token
          ? { code: 'unauthorised', message: 'The metrics need the bearer token set in METRICS_TOKEN.' }
          : { code: 'forbidden', message: 'The metrics answer this machine only; set METRICS_TOKEN to read them from elsewhere.' },
      });
      return;
    }
    registry.metrics().then((text) => res.type(registry.contentType).send(text), next);
  };
}
