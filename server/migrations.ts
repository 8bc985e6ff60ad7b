// Linkroom's migrations, oldest first (server/db/migrations.ts runs them at start-up).
import { backfillJoinCodes } from './calls/join-codes.js';
import type { Migration } from './db/migrations.js';
import type { Models } from './db/models.js';

export function linkroomMigrations(models: Models): Migration[] {
  return [
    {
      id: '2026-12-join-codes',
      description: 'join codes of calls not yet ended get documents of their own (joincodes)',
      run: async () => void (await backfillJoinCodes(models)),
    },
  ];
}
