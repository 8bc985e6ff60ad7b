// npm run restore -- <backup.tar.gz> — brings a backup back into an empty database: a new
// DATA_DIR (embedded) or an empty MongoDB database. Run it with Linkroom stopped, then
// start Linkroom and run npm run log:verify.
// Exit 0: restored. Exit 1: refused (the database is not empty, or the archive is not a
// Linkroom backup), nothing changed. Exit 2: could not run.
import { existsSync } from 'node:fs';
import { BackupError, restoreDatabase } from '../db/backup.js';
import { openToolDatabase } from './cli.js';

const archive = process.argv[2];
if (!archive || !existsSync(archive)) {
  console.error(`${archive ? `no such file: ${archive}` : 'which backup?'}\nusage: npm run restore -- <backup.tar.gz>`);
  process.exit(2);
}

const { db } = await openToolDatabase();
let exitCode = 0;
try {
  const manifest = await restoreDatabase(db.connection.db!, archive, (name, n) => process.stderr.write(`\r${name}: ${n.toLocaleString()} documents      `));
  process.stderr.write('\n');
  const total = manifest.collections.reduce((a, c) => a + c.documents, 0);
  console.log(
    `Restored ${manifest.collections.length} collections, ${total.toLocaleString()} documents, from the backup of ${manifest.createdAt}. Start Linkroom, then run npm run log:verify.`,
  );
} catch (err) {
  console.error(`restore ${err instanceof BackupError ? 'refused' : 'failed'}: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = err instanceof BackupError ? 1 : 2;
} finally {
  await db.close();
}
process.exit(exitCode);
