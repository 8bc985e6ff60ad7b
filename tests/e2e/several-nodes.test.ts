// A call across two Linkroom nodes behind HAProxy, in Chromium: both nodes on one database and
// one Redis, every page loaded through the proxy (so each person's ordinary requests go to
// either node). The call's connections all reach one node: the lobby, admission and video both
// ways work. Then that node stops: every page reconnects through the proxy by itself, the other
// node takes the call over, the classes are back without being let in again, and video flows.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { startLinkroom, type Linkroom } from '../../server/linkroom.js';
import { drawStroke, openBoard, strokeCount } from '../support/board-page.js';
import { E2E_PASSWORD, seedLinkWorld, type E2eWorld } from '../support/e2e-world.js';
import { startTestProxy, type TestProxy } from '../support/haproxy.js';
import '../support/provided.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

const UI_TIMEOUT_MS = 30_000;
const FRAME_TIMEOUT_MS = 30_000;

/** Video frames this page has decoded on its current connection (null before it has one). */
const decoded = (page: Page) =>
  page.evaluate(async () => {
    const debug = window.__linkroomDebug;
    if (!debug?.peerId()) return null;
    const stats = await debug.inboundVideoStats();
    return { peerId: debug.peerId()!, frames: stats.reduce((sum, s) => sum + s.framesDecoded, 0) };
  });

describe('a call across two nodes behind HAProxy, in Chromium', () => {
  let redis: TestRedis;
  const nodes: Linkroom[] = [];
  let proxy: TestProxy;
  let world: E2eWorld;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let callId = '';
  const teachers: Page[] = [];
  const classes: Page[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    const dbUri = `${inject('mongoUri')}linkroom_nodes_${process.pid}`;
    for (let i = 0; i < 2; i++) {
      nodes.push(
        await startLinkroom(
          loadConfig({
            ...process.env,
            NODE_ENV: 'test',
            HOST: '127.0.0.1',
            PORT: '0',
            MONGODB_URI: dbUri,
            REDIS_URL: redis.url,
            TRUST_PROXY: 'loopback',
            SFU_WORKERS: '1',
            DATA_DIR: mkdtempSync(path.join(tmpdir(), 'linkroom-node-')),
            CLIENT_DIST: path.resolve('dist/client'),
          }),
          pino({ level: process.env.E2E_LOG_LEVEL ?? 'silent' }),
        ),
      );
    }
    proxy = await startTestProxy(nodes.map((n, i) => ({ name: `node${i}`, address: `127.0.0.1:${n.port}` })));
    world = await seedLinkWorld(`nodes${Date.now()}`, dbUri);
    browser = await chromium.connect(inject('browserWsEndpoint'));
  }, 90_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await world?.connection.dropDatabase().catch(() => undefined);
    await world?.connection.close();
    await proxy?.close();
    for (const n of nodes) await n.close();
    await redis?.close();
  });

  const newPage = async () => {
    const context = await browser.newContext({ baseURL: proxy.url });
    contexts.push(context);
    return { context, page: await context.newPage() };
  };

  it('brings teachers and classes to the node serving their call: lobby, admission, video both ways', async () => {
    const codes: Record<string, string> = {};
    for (const s of world.schools) {
      const { context, page } = await newPage();
      const login = await context.request.post('/api/auth/login', { data: { email: s.teacherEmail, password: E2E_PASSWORD } });
      expect(login.status()).toBe(200);
      if (!callId) {
        const started = await context.request.post(`/api/links/${world.linkId}/calls`, {
          data: {},
          headers: { 'x-csrf-token': (await login.json()).csrfToken },
        });
        expect(started.status()).toBe(201);
        const call = (await started.json()) as { id: string; devices: { classId: string; code: string }[] };
        callId = call.id;
        for (const d of call.devices) codes[d.classId] = d.code;
      }
      await page.goto(`/calls/${callId}`);
      teachers.push(page);
    }
    for (const [i, s] of world.schools.entries()) {
      const { page } = await newPage();
      await page.goto('/join');
      await page.getByTestId('join-code').fill(codes[s.classId.toString()]!);
      await page.getByTestId('join-name').fill(`Class ${s.className}`);
      await page.getByTestId('join-submit').click();
      await page.getByTestId('lobby-waiting').waitFor({ timeout: UI_TIMEOUT_MS });
      await teachers[i]!.getByTestId('lobby-entry')
        .filter({ hasText: `Class ${s.className}` })
        .getByTestId('admit-button')
        .click({ timeout: UI_TIMEOUT_MS });
      classes.push(page);
    }
    for (const page of [...teachers, ...classes]) {
      await expect.poll(async () => (await decoded(page))?.frames ?? 0, { timeout: FRAME_TIMEOUT_MS }).toBeGreaterThan(0);
    }
    await expect.poll(() => teachers[0]!.getByTestId('call-status').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('live');
  });

  it('carries the call on on the other node when its node stops: pages reconnect by themselves, classes back in without admission', async () => {
    const serving = (await world.models.Call.findById(callId).lean())!.node;
    const stopping = nodes.find((n) => n.nodeId === serving)!;
    const other = nodes.find((n) => n !== stopping)!;
    const before = await Promise.all([...teachers, ...classes].map(decoded));
    const stoppedAt = Date.now();
    await stopping.close();
    // Each page decodes video again on a new connection (a new peer), with nobody clicking anything.
    for (const [i, page] of [...teachers, ...classes].entries()) {
      await expect
        .poll(
          async () => {
            const now = await decoded(page);
            return !!now && now.peerId !== before[i]!.peerId && now.frames > 0;
          },
          { timeout: FRAME_TIMEOUT_MS },
        )
        .toBe(true);
    }
    console.info(`[several nodes, Chromium] a node stopped → video decoding again on all four pages: ${Date.now() - stoppedAt} ms`);
    for (const page of teachers) expect(await page.getByTestId('lobby-entry').count()).toBe(0);
    expect((await world.models.Call.findById(callId).lean())!.node).toBe(other.nodeId);
    await expect.poll(() => teachers[0]!.getByTestId('call-status').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('live');
  });

  it('keeps the board and moderation working on the node that took the call over', async () => {
    const [drawer, watcher] = classes as [Page, Page];
    const teacher = teachers[0]!;
    await openBoard([drawer, watcher, teacher], UI_TIMEOUT_MS);
    const before = await strokeCount(watcher);
    await drawStroke(drawer);
    await expect.poll(() => strokeCount(watcher), { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    await expect.poll(() => strokeCount(teacher), { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    // A teacher mutes everyone: both classes (unmuted until then) are told, by the node now serving the call.
    for (const page of classes) expect(await page.getByTestId('unmute-self').count()).toBe(0);
    await teacher.getByTestId('mute-all').click();
    for (const page of classes) await page.getByTestId('unmute-self').waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
