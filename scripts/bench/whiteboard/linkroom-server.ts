// Linkroom for the whiteboard benchmark, in its own process so its CPU can be measured:
// the real server with a live call (every check, the log and persistence in place).
import { startTestDatabaseServer } from '../../../tests/support/test-database-server.js';
import { startCallWorld } from '../../../tests/support/call-world.js';
import { serveIpc, type ServerReady } from '../server-ipc.js';

const db = await startTestDatabaseServer();
const world = await startCallWorld(db.uri, `bench_wb_${process.pid}`, { LOG_LEVEL: 'warn' });
serveIpc(async () => {
  await world.close();
  await db.stop();
});
process.send!({ type: 'ready', url: world.server.url, callId: world.callId, codes: world.codes, cookies: world.cookies } satisfies ServerReady);
