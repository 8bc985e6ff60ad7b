// coturn (Debian's turnserver) run as a child of the server for a single-machine
// installation (TURN_SERVER=child): it relays media for classrooms whose networks let
// nothing else out. Like the embedded database it never outlives the server (setpriv
// --pdeathsig); it authenticates browsers with the shared secret (turn-credentials.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { spawnTied } from '../spawn-tied.js';

export interface CoturnOptions {
  bin: string;
  listenIp: string;
  port: number;
  /** TURN over TLS (e.g. on 443), with the certificate and key of the server's name. */
  tls?: { port: number; cert: string; key: string } | undefined;
  relayMinPort: number;
  relayMaxPort: number;
  secret: string;
  realm: string;
  dataDir: string;
}

/** How long coturn may take to say it listens. */
const COTURN_START_TIMEOUT_MS = 10_000;

export function coturnArgs(o: CoturnOptions): string[] {
  const dir = path.join(o.dataDir, 'turn');
  return [
    '-n', // no configuration file: everything is here
    '--listening-ip',
    o.listenIp,
    '--relay-ip',
    o.listenIp,
    '--listening-port',
    String(o.port),
    '--min-port',
    String(o.relayMinPort),
    '--max-port',
    String(o.relayMaxPort),
    '--use-auth-secret',
    '--static-auth-secret',
    o.secret,
    '--realm',
    o.realm,
    '--fingerprint',
    '--no-cli',
    '--no-dtls',
    ...(o.tls ? ['--tls-listening-port', String(o.tls.port), '--cert', o.tls.cert, '--pkey', o.tls.key] : ['--no-tls']),
    // On one machine the media server is a peer on this machine's own address.
    ...(o.listenIp.startsWith('127.') ? ['--allow-loopback-peers'] : []),
    '--pidfile',
    path.join(dir, 'turnserver.pid'),
    '--userdb',
    path.join(dir, 'turndb'),
    '--log-file',
    'stdout',
    '--simple-log',
  ];
}

export interface RunningCoturn {
  close(): Promise<void>;
}

export async function startCoturn(o: CoturnOptions, logger: Logger): Promise<RunningCoturn> {
  mkdirSync(path.join(o.dataDir, 'turn'), { recursive: true });
  const args = coturnArgs(o);
  const child = spawnTied(o.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = logger.child({ part: 'turn' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coturn did not start within ${COTURN_START_TIMEOUT_MS} ms`)), COTURN_START_TIMEOUT_MS);
    const onLine = (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split('\n').filter(Boolean)) {
        if (/error|cannot|failed/i.test(line)) log.warn({ coturn: line.slice(0, 500) }, 'coturn');
        else log.debug({ coturn: line.slice(0, 500) }, 'coturn');
      }
      // Its relay ports are set up last: then it answers.
      if (/Total (General|auth) servers|relay ports initialized|turn server id=/i.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`coturn (${o.bin}) could not be started: ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`coturn exited at start (code ${code}): is port ${o.port} free?`));
    });
  });
  let stopping = false;
  // Stopped by us at shutdown: information; stopped by itself: a warning (TURN is gone).
  child.on('exit', (code, signal) => (stopping ? log.info({ code, signal }, 'coturn stopped') : log.warn({ code, signal }, 'coturn stopped by itself')));
  log.info({ port: o.port, tls: o.tls?.port ?? null }, 'coturn started');
  return {
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
