// What route handlers need: models, the safeguarding log, mail, settings.
import type { Logger } from 'pino';
import type { Mailer } from '../accounts/mailer.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import type { MatchingRunner } from '../matching/run-matching.js';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import type { SfuRoomRegistry } from '../sfu/room-registry.js';

export interface DevicePresence {
  callId: string;
  linkId: string;
  programmeId: string;
  schoolId: string;
  /** The device's class (its surnames feed the personal-details guard). */
  classId?: string;
  participantId: string;
  name: string;
  /** The call is live: a teacher of each school is there. */
  live: boolean;
}

export interface AppContext {
  models: Models;
  log: SafeguardingLog;
  rooms: SfuRoomRegistry;
  mailer: Mailer;
  /** Runs matchings in a worker thread. */
  matching: MatchingRunner;
  logger: Logger;
  /** Ends live sockets of a user (or of one session): set by the realtime layer. */
  disconnectSockets?: (who: { userId: string; token?: string }) => void;
  /** A class device admitted to a call, by the rejoin token it holds: set by the realtime layer. */
  devices?: (rejoinToken: string) => DevicePresence | undefined;
  config: Pick<Config, 'env' | 'publicUrl' | 'sessionTtlMs' | 'loginAttemptsPer15Min' | 'demo' | 'trustProxy'>;
}
