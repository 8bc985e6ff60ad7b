// Linkroom for the exchange benchmark, in its own process so that its memory is its own.
import { startCallWorld } from '../../../tests/support/call-world.js';
import { startTestDatabaseServer } from '../../../tests/support/test-database-server.js';
import { serveIpc, type ServerReady } from '../server-ipc.js';

const db = await startTestDatabaseServer();
const world = await startCallWorld(db.uri, `bench_exchange_${process.pid}`, { LOG_LEVEL: 'warn' });
serveIpc(async () => {
  await world.close();
  await db.stop();
});
process.send!({ type: 'ready', url: world.server.url, linkId: world.linkId, cookies: world.cookies, csrfs: world.csrfs } satisfies ServerReady);
