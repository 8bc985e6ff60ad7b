// Versioned schema changes, run once each at start-up in the order listed, each recorded
// in the `migrations` collection when it has run (so a restart skips it). A migration must
// be safe to run again if the server stops half-way (it is recorded only when done).
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';

export const MIGRATIONS_COLLECTION = 'migrations';

export interface Migration {
  /** Never changes once released: "2026-12-join-codes". */
  id: string;
  description: string;
  run(): Promise<void>;
}

/** Runs the migrations not yet recorded; returns the ids it ran. */
export async function runMigrations(connection: Connection, migrations: Migration[], logger: Logger): Promise<string[]> {
  const done = connection.collection<{ _id: string; description: string; at: Date }>(MIGRATIONS_COLLECTION);
  const ran: string[] = [];
  for (const m of migrations) {
    if (await done.findOne({ _id: m.id })) continue;
    logger.info({ migration: m.id }, `migrating: ${m.description}`);
    await m.run();
    await done.insertOne({ _id: m.id, description: m.description, at: new Date() });
    ran.push(m.id);
  }
  return ran;
}

/** For data written by the current version directly (benchmark seeds): marks every migration as run. */
export async function markMigrated(connection: Connection, migrations: Pick<Migration, 'id' | 'description'>[]): Promise<void> {
  const done = connection.collection<{ _id: string; description: string; at: Date }>(MIGRATIONS_COLLECTION);
  for (const m of migrations) await done.updateOne({ _id: m.id }, { $setOnInsert: { description: m.description, at: new Date() } }, { upsert: true });
}
