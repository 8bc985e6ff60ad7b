// npm run admin:create -- --email <address> --programme <name> --local-authority <name> [--year 2026-27] [--force]
// Creates the first coordinator: a programme and a link (printed) that sets their password.
// Exit 0: created. Exit 1: refused (a coordinator exists; --force). Exit 2: could not run.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createFirstCoordinator, CoordinatorExistsError, FIRST_COORDINATOR_LINK_TTL_MS } from '../accounts/first-coordinator.js';
import { modelsFor } from '../db/models.js';
import { academicYearOf } from '../safeguarding/retention-rules.js';
import { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { openToolDatabase } from './cli.js';

const USAGE = 'usage: npm run admin:create -- --email <address> --programme <name> --local-authority <name> [--year 2026-27] [--force]';
const ArgsSchema = z.object({
  email: z.email(),
  programme: z.string().trim().min(3).max(200),
  'local-authority': z.string().trim().min(2).max(200),
  year: z.string().regex(/^\d{4}-\d{2}$/, 'like 2026-27'),
  force: z.boolean(),
});

let args: z.infer<typeof ArgsSchema>;
try {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      programme: { type: 'string' },
      'local-authority': { type: 'string' },
      year: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const parsed = ArgsSchema.safeParse({ year: academicYearOf(new Date()), ...values });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
  args = parsed.data;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exit(2);
}

const { config, db } = await openToolDatabase();
let exitCode = 0;
try {
  const models = await modelsFor(db.connection);
  const created = await createFirstCoordinator(models, new SafeguardingLog(db.connection), {
    email: args.email,
    programmeName: args.programme,
    localAuthority: args['local-authority'],
    academicYear: args.year,
    force: args.force,
  });
  console.log(`Programme: ${created.programmeName} (${created.programmeId})`);
  console.log(`Coordinator: ${args.email}. Open this link to set the password (it works for ${FIRST_COORDINATOR_LINK_TTL_MS / 86_400_000} days, once):`);
  console.log(`${config.publicUrl}/invite/${created.token}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  exitCode = err instanceof CoordinatorExistsError ? 1 : 2;
} finally {
  await db.close();
}
process.exit(exitCode);
