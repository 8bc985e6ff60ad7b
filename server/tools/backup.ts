// npm run backup [-- --out <file.tar.gz>] — the whole database, stored files included, in
// one archive (server/db/backup.ts). Uses the running server's embedded database when
// there is one. Exit 0: written. Exit 2: could not run.
import { parseArgs } from 'node:util';
import { backupDatabase } from '../db/backup.js';
import { LINKROOM_VERSION } from '../version.js';
import { openToolDatabase } from './cli.js';

let out: string;
try {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
  out = values.out ?? `linkroom-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\nusage: npm run backup -- [--out <file.tar.gz>]`);
  process.exit(2);
}

const { db } = await openToolDatabase();
let exitCode = 0;
try {
  const manifest = await backupDatabase(db.connection.db!, out, { linkroomVersion: LINKROOM_VERSION }, (name, n) =>
    process.stderr.write(`\r${name}: ${n.toLocaleString()} documents      `),
  );
  process.stderr.write('\n');
  const total = manifest.collections.reduce((a, c) => a + c.documents, 0);
  console.log(`Backup written to ${out}: ${manifest.collections.length} collections, ${total.toLocaleString()} documents (stored files included).`);
} catch (err) {
  console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 2;
} finally {
  await db.close();
}
process.exit(exitCode);
