// Starts and stops the whole server: database → SFU → HTTP + realtime → listen.
// index.ts calls this; the integration and e2e tests call it too.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Server as SocketServer } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/events.js';
import type { Config } from './config.js';
import { createMailer } from './accounts/mailer.js';
import { openDatabase, type Database } from './db/database.js';
import { modelsFor, type Models } from './db/models.js';
import { MatchingRunner } from './matching/run-matching.js';
import type { AppContext, ServerContext } from './app-context.js';
import { ExchangeFileStore } from './exchange/file-store.js';
import { liveConnectionsOf } from './realtime/live-connections.js';
import { SafeguardingLog } from './safeguarding/safeguarding-log.js';
import { settleInterruptedCalls } from './calls/settle-interrupted-calls.js';
import { storedDeviceByToken } from './calls/stored-devices.js';
import { runMigrations } from './db/migrations.js';
import { linkroomMigrations } from './migrations.js';
import { scheduleRetention } from './safeguarding/retention.js';
import { createApp } from './http/app.js';
import { createMetrics, metricsHandler } from './metrics/metrics.js';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { openRedis } from './cluster/redis.js';
import { RedisNodeRegistry, SingleNode, type NodeLiveness } from './cluster/node-registry.js';
import type { BoardRegistry } from './board/board-registry.js';
import { createCallSignalling } from './realtime/call-signalling.js';
import { createMediaSignalling } from './realtime/media-signalling.js';
import { authenticateSockets } from './realtime/socket-auth.js';
import { SfuRoomRegistry } from './sfu/room-registry.js';
import { WorkerPool } from './sfu/worker-pool.js';
import { startCoturn, type RunningCoturn } from './turn/coturn.js';
import { LINKROOM_VERSION } from './version.js';

/** Socket.IO's own limit is 1 MB; signalling messages are a few kB. */
const SOCKET_MAX_MESSAGE_BYTES = 256 * 1024;

export interface Linkroom {
  /** This node's id (several nodes: the one recorded on the calls it serves). */
  nodeId: string;
  url: string;
  port: number;
  db: Database;
  models: Models;
  log: SafeguardingLog;
  files: ExchangeFileStore;
  pool: WorkerPool;
  rooms: SfuRoomRegistry;
  boards: BoardRegistry;
  close(): Promise<void>;
}

export async function startLinkroom(config: Config, logger: Logger): Promise<Linkroom> {
  const db = await openDatabase(config, logger);
  let pool: WorkerPool;
  let models: Models;
  let redis: Redis | undefined;
  let nodes: RedisNodeRegistry | SingleNode;
  const log = new SafeguardingLog(db.connection);
  try {
    if (config.redisUrl) redis = await openRedis(config.redisUrl, logger.child({ part: 'redis' }));
    nodes = redis ? new RedisNodeRegistry(redis) : new SingleNode();
    if (nodes instanceof RedisNodeRegistry) await nodes.start();
    models = await modelsFor(db.connection);
    await log.ensureIndexes();
    await runMigrations(db.connection, linkroomMigrations(models), logger);
    // Alone, calls still running are the previous process's: ended now. Beside other nodes,
    // they may be theirs, or being taken over: the sweep below settles only the abandoned.
    if (!redis) {
      const interrupted = await settleInterruptedCalls(models.Call, log, nodes);
      if (interrupted) logger.warn({ calls: interrupted }, 'calls left running by the previous server ended as interrupted');
    }
    pool = await WorkerPool.start({ size: config.sfu.workers, logger: logger.child({ part: 'sfu' }), listen: config.sfu.listen });
  } catch (err) {
    redis?.disconnect();
    await db.close();
    throw err;
  }
  const rooms = new SfuRoomRegistry(pool);
  let turn: RunningCoturn | undefined;
  try {
    if (config.turn?.child) turn = await startCoturn({ ...config.turn.child, secret: config.turn.secret, realm: 'linkroom' }, logger);
  } catch (err) {
    pool.close();
    redis?.disconnect();
    await db.close();
    throw err;
  }
  const stopSweep = redis ? sweepAbandonedCalls(models, log, nodes, logger) : () => undefined;
  const matching = new MatchingRunner();
  const shared: ServerContext = {
    ...(redis ? { redis } : {}),
    nodeId: nodes.id,
    models,
    log,
    rooms,
    matching,
    files: new ExchangeFileStore(db.connection.db!),
    mailer: createMailer(config.mail, logger.child({ part: 'mail' })),
    logger,
    config,
  };
  // The realtime layer first (attached to the HTTP server below), so that what HTTP handlers
  // ask of live connections is given to them explicitly.
  const io = new SocketServer<ClientToServerEvents, ServerToClientEvents>({
    maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES,
    serveClient: false,
  });
  // Several nodes: Socket.IO's events reach sockets on every node through Redis.
  const redisSub = redis?.duplicate();
  if (redis && redisSub) io.adapter(createAdapter(redis, redisSub));
  const realtimeLogger = logger.child({ part: 'realtime' });
  authenticateSockets(io, shared);
  const calls = createCallSignalling(io, shared, rooms, realtimeLogger);
  const media = createMediaSignalling(io, rooms, realtimeLogger, calls, config.turn);
  io.on('connection', (socket) => {
    calls.attach(socket);
    media(socket);
  });
  const storedDevice = redis ? (token: string) => storedDeviceByToken(models.Call, token, nodes.id) : undefined;
  const ctx: AppContext = { ...shared, live: liveConnectionsOf(io, calls, storedDevice) };
  const app = createApp({
    ctx,
    logger,
    clientDist: config.clientDist,
    health: { db: () => db.health(), sfu: () => pool.stats(), version: LINKROOM_VERSION },
    metrics: metricsHandler(createMetrics({ rooms, pool, log }), config.metricsToken),
  });
  const http = createServer(app);
  io.attach(http);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const stopRetention = scheduleRetention({ models, log, files: shared.files, logger: logger.child({ part: 'retention' }) });
  const { port } = http.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    nodeId: nodes.id,
    url,
    port,
    db,
    models,
    log,
    files: shared.files,
    pool,
    rooms,
    boards: calls.boards,
    close() {
      closing ??= (async () => {
        // Stop accepting first, then end sockets, rooms and workers, then the database.
        stopRetention();
        stopSweep();
        const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
        await io.close().catch(() => undefined);
        await calls.close();
        http.closeAllConnections();
        rooms.closeAll();
        pool.close();
        await turn?.close();
        await matching.close();
        await httpClosed;
        if (nodes instanceof RedisNodeRegistry) await nodes.stop();
        redisSub?.disconnect();
        redis?.disconnect();
        await db.close();
      })();
      return closing;
    },
  };
}

/** Several nodes: how often each looks for calls whose node is gone, and how long such a call waits to be taken over. */
const SWEEP_EVERY_MS = 10_000;
export const TAKEOVER_GRACE_MS = 30_000;

function sweepAbandonedCalls(models: Models, log: SafeguardingLog, nodes: NodeLiveness, logger: Logger): () => void {
  const timer = setInterval(() => {
    settleInterruptedCalls(models.Call, log, nodes, { graceMs: TAKEOVER_GRACE_MS })
      .then((ended) => ended && logger.warn({ calls: ended }, 'calls whose node stopped, and that no node took over, ended as interrupted'))
      .catch((err: unknown) => logger.warn({ err }, 'could not look for abandoned calls'));
  }, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
