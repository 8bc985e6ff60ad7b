// What route handlers need: models, the safeguarding log, mail, settings.
import type { Logger } from 'pino';
import type { Mailer } from '../accounts/mailer.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';

export interface AppContext {
  models: Models;
  log: SafeguardingLog;
  mailer: Mailer;
  logger: Logger;
  config: Pick<Config, 'env' | 'publicUrl' | 'sessionTtlMs' | 'loginAttemptsPer15Min' | 'demo'>;
}
