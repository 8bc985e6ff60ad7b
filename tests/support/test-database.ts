// Each test file gets its own database on the run's server, dropped when the file ends.
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, inject } from 'vitest';
import { connectMongoose } from '../../server/db/database.js';
import './provided.js';

export function useTestDatabase(label: string): { connection: () => Connection } {
  let connection: Connection | undefined;
  beforeAll(async () => {
    const name = `t_${label.replace(/[^a-z0-9]/gi, '_')}_${randomBytes(4).toString('hex')}`;
    connection = await connectMongoose(inject('mongoUri'), name);
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });
  return {
    connection: () => {
      if (!connection) throw new Error('database not ready: use it inside a test or hook');
      return connection;
    },
  };
}
