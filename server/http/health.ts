// GET /healthz: the state of each real part; 503 when any is down.
import type { RequestHandler } from 'express';
import type { DatabaseHealth } from '../db/database.js';

export interface HealthSources {
  db(): Promise<DatabaseHealth>;
  sfu(): { workers: number; alive: number };
  version: string;
}

export function healthHandler(sources: HealthSources): RequestHandler {
  return async (_req, res) => {
    const [db, sfu] = [await sources.db(), sources.sfu()];
    const ok = db.ok && sfu.alive > 0;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', db, sfu, version: sources.version });
  };
}
