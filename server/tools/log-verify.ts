// npm run log:verify — walks the safeguarding log's hash chain.
// Exit 0: intact. Exit 1: broken (names the first broken event). Exit 2: could not run.
import { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { openToolDatabase } from './cli.js';

const REASONS = {
  'sequence-gap': 'an event is missing or out of order before it',
  'prev-hash-mismatch': 'it does not link to the event before it (that event was changed)',
  'hash-mismatch': 'its contents were changed after it was written',
  'payload-hash-mismatch': 'its payload was changed or removed without a retention redaction',
  'unexplained-redaction': 'its payload was removed, but no retention run of the log removed it',
  'log-truncated': 'the log ends before the last event it is known to have had (events were deleted from its end)',
  'checkpoint-mismatch': 'it no longer has the hash a verification recorded for it (it was changed after being verified)',
} as const;

const { db } = await openToolDatabase();
let exitCode = 0;
try {
  const report = await new SafeguardingLog(db.connection).verify();
  if (report.ok) {
    console.log(`safeguarding log intact: ${report.checked} events (${report.redacted} redacted by retention), head #${report.headSeq} ${report.headHash}`);
  } else {
    const b = report.firstBreak!;
    console.error(`safeguarding log BROKEN at event #${b.seq}: ${REASONS[b.reason]} (${b.reason}). ${report.checked} events before it verified.`);
    exitCode = 1;
  }
} catch (err) {
  console.error(`log:verify could not read the log: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 2;
} finally {
  await db.close();
}
process.exit(exitCode);
