// One Linkroom server and one Chromium for the whole e2e run.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../server/config.js';
import { startLinkroom } from '../../server/linkroom.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_VOICE_ARG, assertChromium } from './chromium.js';
import './provided.js';
import { startTestDatabaseServer } from './test-database-server.js';
import { freePortsInARow } from './free-ports.js';

export default async function setup(project: TestProject) {
  assertChromium();
  const clientDist = path.resolve('dist/client');
  if (!existsSync(path.join(clientDist, 'index.html'))) throw new Error('dist/client is missing: `npm test` builds it first (vite build)');
  const dbServer = await startTestDatabaseServer();
  const appDbUri = `${dbServer.uri}linkroom_e2e_${process.pid}`;
  const mediaPort = await freePortsInARow(1);
  // A TURN relay (coturn, run by the server as in a one-machine installation): browsers get it.
  const turnPort = await freePortsInARow(1);
  // Each browser connection takes a relay port per TURN URL, used or not: room for many.
  const relayMin = await freePortsInARow(200);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    MONGODB_URI: appDbUri,
    SFU_WORKERS: '1',
    RTC_LISTEN_IP: '127.0.0.1',
    // One known media port, so that a test can cut the media (and only the media) for a while.
    RTC_PORT: String(mediaPort),
    TURN_SERVER: 'child',
    TURN_SECRET: randomBytes(24).toString('base64url'),
    TURN_PORT: String(turnPort),
    TURN_RELAY_MIN_PORT: String(relayMin),
    TURN_RELAY_MAX_PORT: String(relayMin + 199),
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'linkroom-e2e-')),
    CLIENT_DIST: clientDist,
  });
  const linkroom = await startLinkroom(config, pino({ level: process.env.E2E_LOG_LEVEL ?? 'warn' }));
  const browser = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, FAKE_VOICE_ARG], headless: true });
  project.provide('baseUrl', `http://127.0.0.1:${linkroom.port}`);
  project.provide('browserWsEndpoint', browser.wsEndpoint());
  project.provide('serverPid', process.pid);
  project.provide('mediaPort', mediaPort);
  project.provide('mongoUri', dbServer.uri);
  project.provide('appDbUri', appDbUri);
  return async () => {
    await browser.close();
    await linkroom.db.connection.dropDatabase().catch(() => undefined);
    await linkroom.close();
    await dbServer.stop();
  };
}
