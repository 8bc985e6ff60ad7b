// npm run bench:nodes — the same class-pair calls (bench:sfu's replayed simulcast RTP through
// Linkroom's SFU module) carried by one Linkroom node, then split between two nodes of one
// programme (Redis, one database), on this machine. Prints each node's media worker CPU and
// memory per call, and the calls a node carries at 80 % of a core. The nodes run in this
// process (their media workers are their own processes): the Node.js side of a call is not
// in these figures.
import { startWorldNode } from '../../tests/support/call-world.js';
import { startTestRedis } from '../../tests/support/redis-server.js';
import { startTestDatabaseServer } from '../../tests/support/test-database-server.js';
import type { Linkroom } from '../../server/linkroom.js';
import { cpuPercent, residentMb } from './proc-stats.js';
import { linkroomSfu, startCalls, startSink } from './sfu/class-pairs.js';
import { Replayer, type ReplayTarget } from './sfu/replayer.js';
import { recordClip, type ClipStream } from './sfu/rtp-clip.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const WARMUP_MS = 4_000;
const MEASURE_MS = 10_000;
const BUSY_SHARE_OF_CORE_PCT = 80;

interface NodeFigures {
  node: string;
  calls: number;
  cpuPct: number;
  mbPerCall: number;
}

async function carry(nodes: Linkroom[], clip: ClipStream[]): Promise<{ figures: NodeFigures[]; sent: number; received: number }> {
  const sink = await startSink();
  const targets: ReplayTarget[] = [];
  const placed: { node: Linkroom; pid: number; calls: number; idleMb: number }[] = [];
  // Calls shared out as the proxy would place them: as evenly as the nodes allow.
  let first = 0;
  for (const [i, node] of nodes.entries()) {
    const calls = Math.floor(CALLS / nodes.length) + (i < CALLS % nodes.length ? 1 : 0);
    const worker = node.pool.workers[0]!;
    const idleMb = residentMb(worker.pid);
    targets.push(
      ...(await startCalls(
        linkroomSfu(node.rooms, worker, () => undefined),
        first,
        calls,
        sink.port,
      )),
    );
    placed.push({ node, pid: worker.pid, calls, idleMb });
    first += calls;
  }
  const replayer = new Replayer(clip, targets);
  replayer.start();
  const cpu = await cpuPercent(
    placed.map((p) => p.pid),
    WARMUP_MS,
    MEASURE_MS,
  );
  const figures = placed.map((p, i) => ({ node: p.node.nodeId, calls: p.calls, cpuPct: cpu[i]!, mbPerCall: (residentMb(p.pid) - p.idleMb) / p.calls }));
  replayer.stop();
  sink.close();
  return { figures, sent: replayer.sentPackets, received: sink.received() };
}

const db = await startTestDatabaseServer();
const redis = await startTestRedis();
const dbName = `linkroom_bench_nodes_${process.pid}`;
const clip = await recordClip();
const rows: Record<string, Record<string, string | number>> = {};
try {
  for (const count of [1, 2]) {
    const nodes: Linkroom[] = [];
    for (let i = 0; i < count; i++) nodes.push(await startWorldNode(db.uri, dbName, { REDIS_URL: redis.url, SFU_WORKERS: '1' }));
    try {
      const { figures, sent, received } = await carry(nodes, clip);
      for (const [i, f] of figures.entries()) {
        rows[`${count} node${count > 1 ? 's' : ''}: node ${i + 1}`] = {
          calls: f.calls,
          'worker CPU %': f.cpuPct.toFixed(1),
          'CPU % per call': (f.cpuPct / f.calls).toFixed(2),
          [`calls at ${BUSY_SHARE_OF_CORE_PCT}% of a core`]: Math.floor((BUSY_SHARE_OF_CORE_PCT / f.cpuPct) * f.calls),
          'worker MB per call': f.mbPerCall.toFixed(2),
          'out / in': (received / sent).toFixed(2),
        };
      }
    } finally {
      for (const node of nodes) await node.close();
    }
  }
} finally {
  await redis.close();
  await db.stop();
}
console.log(
  `bench:nodes — ${CALLS} class-pair calls (bench:sfu's load) on one Linkroom node, then split between two (Redis, one database), ${MEASURE_MS / 1000} s measured after ${WARMUP_MS / 1000} s warm-up`,
);
console.table(rows);
