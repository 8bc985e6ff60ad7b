// Composition root: config → logger → Linkroom → signals. Nothing else lives here.
import { loadConfigOrExit } from './config.js';
import { loadEnvFile } from './env-file.js';
import { startLinkroom } from './linkroom.js';
import { createLogger } from './logger.js';
import { printDemoLogins, seedDemo } from './programme/demo-seed.js';

loadEnvFile();
const config = loadConfigOrExit(1);

const logger = createLogger(config.logLevel);
const linkroom = await startLinkroom(config, logger).catch((err: unknown) => {
  logger.fatal({ err }, 'Linkroom could not start');
  process.exit(1);
});
if (config.demo) {
  // Demo mode: seed an empty database once; demo logins work only in this mode.
  if ((await linkroom.models.Programme.estimatedDocumentCount()) === 0) {
    console.log(printDemoLogins(await seedDemo(linkroom.models, linkroom.log), linkroom.url));
  } else {
    const demoUsers = await linkroom.models.User.find({ demo: true }, { email: 1 }).lean();
    if (demoUsers.length === 0) {
      // A real installation's data: demo mode would allow logins and write demo events into it.
      console.error('Demo mode refused: this database holds a real installation (no demo accounts). Run the demo on its own DATA_DIR (or database).');
      await linkroom.close();
      process.exit(1);
    }
    console.log(`Demo mode: ${demoUsers.length} demo logins (password: linkroom-demo), e.g. ${demoUsers[0]?.email ?? 'none'}`);
  }
}
logger.info({ url: linkroom.url }, `Linkroom is running at ${linkroom.url}`);
console.log(`Linkroom is running at ${linkroom.url}`);
if (process.env.PUBLIC_URL) console.log(`People open it at ${config.publicUrl}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const timer = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  timer.unref();
  await linkroom.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
