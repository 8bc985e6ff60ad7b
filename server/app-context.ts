// What the use cases and their handlers need, built once at the composition root
// (linkroom.ts): models, the safeguarding log, the exchange's files, mail, settings, and
// what the realtime layer knows of live connections (LiveConnections).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Mailer } from './accounts/mailer.js';
import type { Config } from './config.js';
import type { Models } from './db/models.js';
import type { MatchingRunner } from './matching/run-matching.js';
import type { SafeguardingLog } from './safeguarding/safeguarding-log.js';
import type { SfuRoomRegistry } from './sfu/room-registry.js';
import type { ExchangeFileStore } from './exchange/file-store.js';
import type { DevicePresence } from './calls/device-presence.js';

/** What HTTP handlers may ask of the live connections the realtime layer holds. */
export interface LiveConnections {
  /** Ends live sockets of a user (or of one session): after logout, or a role removed. */
  disconnectUser(who: { userId: string; token?: string }): void;
  /**
   * A class device admitted to a call, by the rejoin token it holds: from this node's live calls,
   * or (several nodes) from the call as stored when another node serves it.
   */
  deviceByRejoinToken(rejoinToken: string): Promise<DevicePresence | undefined>;
  /** The call a class device's join code opens (limited and logged as a join). */
  callOfCode(code: string, address: string, displayName: string): Promise<{ callId: string }>;
}

/** What every part of the server shares. */
export interface ServerContext {
  models: Models;
  log: SafeguardingLog;
  rooms: SfuRoomRegistry;
  mailer: Mailer;
  /** Runs matchings in a worker thread. */
  matching: MatchingRunner;
  logger: Logger;
  /** The exchange's stored files (GridFS). */
  files: ExchangeFileStore;
  config: Pick<Config, 'env' | 'publicUrl' | 'sessionTtlMs' | 'loginAttemptsPer15Min' | 'demo' | 'trustProxy'>;
  /** The Redis several nodes share (REDIS_URL): rate limits count across all of them. */
  redis?: Redis;
  /** This node's id, recorded on the calls it serves (cluster/node-registry.ts). */
  nodeId: string;
}

/** What HTTP handlers get: the shared parts and the live connections (given by realtime/). */
export interface AppContext extends ServerContext {
  live: LiveConnections;
}
