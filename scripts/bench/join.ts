// npm run bench:join — how long until a class sees its partner: Linkroom beside a bare
// mediasoup router driven by a minimal mediasoup-client page, in the same run.
//   Linkroom A: a teacher clicks "admit" → the class device decodes its first remote frame
//   Linkroom B: a teacher's call page loads (rejoining a live call) → first remote frame
//   bare:       a receiver page loads → first remote frame (one sender already sending)
// Both ends are read in the pages, on the machine's wall clock: the admit click as the teacher's
// page dispatches it, a navigation's start, the first frame as the page sees it — so the
// automation's own checks and round trips count in none of the three.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { build } from 'vite';
import { hashPassword } from '../../server/accounts/passwords.js';
import { loadConfig } from '../../server/config.js';
import { startLinkroom } from '../../server/linkroom.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAVOURED_NICE, launchFavoured } from '../../tests/support/chromium.js';
import { startTestDatabaseServer } from '../../tests/support/test-database-server.js';
import { startBareServer } from './bare/server.js';
import { percentile } from './server-ipc.js';

const TRACE_FILE = process.env.BENCH_TRACE;
const JOINS = Number(process.env.BENCH_JOINS ?? (process.env.BENCH_STRESS === '1' ? 50 : 20));
/** BENCH_STRESS=1: a busy loop on every core for the whole run, as on a loaded school server. */
const STRESS = process.env.BENCH_STRESS === '1';
/** Error-level lines the server logged during the run (a race surfacing as an internal error). */
let serverErrors = 0;
const FIRST_FRAME_TIMEOUT_MS = 30_000;
const PASSWORD = 'bench password 123';

/** Each recorded step (client/src/call/join-steps.ts) as ms after `origin`, on the page's own clock. */
const sinceMs = (steps: Record<string, number>, origin: number) => Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(v - origin)]));

/** p50 of each step over the joins, in the order they happen. */
function stepTable(runs: Record<string, number>[]) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  const p50 = (name: string) =>
    percentile(
      runs.flatMap((r) => (name in r ? [r[name]!] : [])),
      50,
    );
  return Object.fromEntries(
    names
      .sort((a, b) => p50(a) - p50(b))
      .map((name) => [
        name,
        {
          'p50 ms': p50(name),
          'p95 ms': percentile(
            runs.flatMap((r) => (name in r ? [r[name]!] : [])),
            95,
          ),
        },
      ]),
  );
}

/**
 * When the page first showed a remote frame, on its own wall clock (ms since the epoch): seen
 * in the page itself, so that neither the automation's round trips nor its polling count.
 */
async function firstFrame(page: Page, testId: string): Promise<number> {
  await page.waitForFunction(
    (id) => {
      const shown = [...document.querySelectorAll<HTMLVideoElement>(`[data-testid=${id}], #${id}`)].some((v) => v.videoWidth > 0);
      const w = window as { firstFrameAt?: number };
      if (shown) w.firstFrameAt ??= Date.now();
      return shown;
    },
    testId,
    { polling: 5, timeout: FIRST_FRAME_TIMEOUT_MS },
  );
  return page.evaluate(() => (window as { firstFrameAt?: number }).firstFrameAt ?? Date.now());
}

/** When the page's navigation began, on the same wall clock (the start of "page load → first frame"). */
const navigationStart = (page: Page) => page.evaluate(() => performance.timeOrigin);

/** Notes, on page A's clock, when its next admit click is dispatched (a teacher's click, without the automation's checks before it). */
const noteAdmitClick = (page: Page) =>
  page.evaluate(() => {
    const w = window as { admitClickAt?: number };
    delete w.admitClickAt;
    document.addEventListener(
      'click',
      (e) => {
        if ((e.target as Element | null)?.closest('[data-testid=admit-button]')) w.admitClickAt = Date.now();
      },
      { capture: true, once: true },
    );
  });
const admitClickAt = (page: Page) => page.evaluate(() => (window as { admitClickAt?: number }).admitClickAt ?? Number.NaN);

async function linkroomRuns(browser: Browser, favoured: Browser) {
  const dbServer = await startTestDatabaseServer();
  const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0', MONGODB_URI: `${dbServer.uri}bench_join_${process.pid}`, LOG_LEVEL: 'warn' });
  const logger = pino({
    level: 'warn',
    hooks: {
      logMethod(args, method, level) {
        if (level >= 50) serverErrors++;
        method.apply(this, args);
      },
    },
  });
  const server = await startLinkroom(config, logger);
  try {
    const m = server.models;
    const programme = await m.Programme.create({
      name: 'Bench',
      localAuthority: 'Bench',
      academicYear: '2025-26',
      retention: DEFAULT_RETENTION,
      plan: SCHOOLS_LINKING_TEMPLATE,
    });
    const passwordHash = await hashPassword(PASSWORD);
    const schools = await Promise.all(
      ['A', 'B'].map(async (n) => {
        const school = await m.School.create({ programmeId: programme._id, name: `School ${n}`, postcode: 'ZZ1 1AA' });
        const teacher = await m.User.create({
          email: `t${n}@bench.test`,
          name: `Teacher ${n}`,
          passwordHash,
          grants: [{ role: 'teacher', programmeId: programme._id, schoolId: school._id }],
        });
        const cls = await m.Class.create({
          programmeId: programme._id,
          schoolId: school._id,
          name: `4${n}`,
          yearGroup: 'Y4',
          pupilCount: 25,
          teacherIds: [teacher._id],
        });
        return { school, teacher, cls };
      }),
    );
    const link = await m.Link.create({
      programmeId: programme._id,
      classIds: schools.map((s) => s.cls._id),
      schoolIds: schools.map((s) => s.school._id),
      status: 'confirmed',
    });
    const teacherContext = async (email: string, on: Browser) => {
      const context = await on.newContext({ baseURL: server.url });
      const res = await context.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
      return { context, csrf: (await res.json()).csrfToken as string };
    };
    const a = await teacherContext('tA@bench.test', browser);
    // Teacher B's page is measured (its reloads): on a laptop of its own.
    const b = await teacherContext('tB@bench.test', favoured);
    const call = await (await a.context.request.post(`/api/links/${link.id}/calls`, { data: {}, headers: { 'x-csrf-token': a.csrf } })).json();
    const code = (i: number) => call.devices.find((d: { classId: string }) => d.classId === schools[i]!.cls.id).code as string;
    const pageA = await a.context.newPage();
    await pageA.goto(`/calls/${call.id}`);
    let pageB = await b.context.newPage();
    await pageB.goto(`/calls/${call.id}`);
    const joinDevice = async (i: number, on = browser): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await on.newContext({ baseURL: server.url });
      const page = await context.newPage();
      await page.goto('/join');
      await page.getByTestId('join-code').fill(code(i));
      await page.getByTestId('join-name').fill(`Class 4${i ? 'B' : 'A'}`);
      await page.getByTestId('join-submit').click();
      await page.getByTestId('lobby-waiting').waitFor();
      return { context, page };
    };
    await joinDevice(1);
    await pageB.getByTestId('admit-button').click();

    const admitToFrame: number[] = [];
    const admitSteps: Record<string, number>[] = [];
    for (let i = 0; i < JOINS; i++) {
      const device = await joinDevice(0, favoured);
      const admit = pageA.getByTestId('admit-button').first();
      await admit.waitFor();
      await noteAdmitClick(pageA);
      await admit.click();
      const frameAt = await firstFrame(device.page, 'remote-video').catch(async (err: unknown) => {
        const status = await device.page
          .getByTestId('call-status')
          .textContent()
          .catch(() => '?');
        const body = (await device.page.locator('body').innerText()).slice(0, 400);
        throw new Error(`no remote frame on the device (status ${status}): ${body}`, { cause: err });
      });
      const t0 = await admitClickAt(pageA);
      admitToFrame.push(Math.round(frameAt - t0));
      // The device page's steps are on its performance clock: the click, on that clock.
      const { origin, steps } = await device.page.evaluate(() => ({ origin: performance.timeOrigin, steps: window.__linkroomDebug?.joinSteps() ?? {} }));
      admitSteps.push({ ...sinceMs(steps, t0 - origin), 'first frame': Math.round(frameAt - t0) });
      await device.context.close();
    }
    // Class A stays in from here on: with the last device above gone for good (its grace period
    // ends after a minute), the two-adult rule would rightly pause the call under the reloads.
    const classA = await joinDevice(0);
    await pageA.getByTestId('admit-button').first().click();
    await firstFrame(classA.page, 'remote-video');
    const teacherLoadToFrame: number[] = [];
    const loadSteps: Record<string, number>[] = [];
    for (let i = 0; i < JOINS; i++) {
      await pageB.close();
      pageB = await b.context.newPage();
      // BENCH_TRACE=<file>: a Chromium performance trace of the last teacher page load (open it in DevTools' Performance panel).
      const tracing = TRACE_FILE && i === JOINS - 1;
      if (tracing)
        await favoured.startTracing(pageB, {
          path: TRACE_FILE,
          screenshots: false,
          categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler'],
        });
      await pageB.goto(`/calls/${call.id}`);
      const frameAt = await firstFrame(pageB, 'remote-video').catch(async (err: unknown) => {
        // Say what the page and the server saw, so that a failure can be told apart.
        const seen = await pageB.evaluate(async () => ({
          status: document.querySelector('[data-testid=call-status]')?.textContent,
          videos: [...document.querySelectorAll('video')].map(
            (v) => `${v.dataset.testid ?? '?'} ${v.videoWidth}x${v.videoHeight} ${v.srcObject ? 'stream' : 'none'}`,
          ),
          steps: window.__linkroomDebug?.joinSteps(),
          inbound: await window.__linkroomDebug?.inboundVideoStats(),
        }));
        const media = await (await b.context.request.get(`/api/calls/${call.id}/media`)).text();
        throw new Error(`teacher reload ${i + 1}: no remote frame. Page: ${JSON.stringify(seen)}. Server media: ${media}`, { cause: err });
      });
      const t0 = await navigationStart(pageB);
      teacherLoadToFrame.push(Math.round(frameAt - t0));
      if (tracing) await favoured.stopTracing();
      // Navigation started at the page's time origin: its steps are "ms since the page load began".
      const steps = await pageB.evaluate(() => {
        // The page's own loading, from the browser's navigation timing (ms after it began).
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return {
          ...(window.__linkroomDebug?.joinSteps() ?? {}),
          ...(nav ? { 'html received': nav.responseEnd, 'dom content loaded': nav.domContentLoadedEventEnd } : {}),
        };
      });
      loadSteps.push({ ...sinceMs(steps, 0), 'first frame': Math.round(frameAt - t0) });
    }
    return { admitToFrame, teacherLoadToFrame, admitSteps, loadSteps };
  } finally {
    await server.db.connection.dropDatabase().catch(() => undefined);
    await server.close();
    await dbServer.stop();
  }
}

async function bareRuns(browser: Browser, favoured: Browser) {
  const outDir = mkdtempSync(path.join(tmpdir(), 'bare-page-'));
  await build({ root: path.resolve('scripts/bench/bare'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const bare = await startBareServer(outDir);
  try {
    const sender = await (await browser.newContext()).newPage();
    await sender.goto(`${bare.url}/?role=send`);
    await sender.waitForTimeout(1_000);
    const loadToFrame: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      const context = await favoured.newContext();
      const page = await context.newPage();
      await page.goto(`${bare.url}/?role=recv`);
      const frameAt = await firstFrame(page, 'remote');
      loadToFrame.push(Math.round(frameAt - (await navigationStart(page))));
      await context.close();
    }
    return loadToFrame;
  } finally {
    await bare.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

const hogs = STRESS ? Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })) : [];
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
// The page measured: a class device being let in, a teacher's page loading, the bare receiver.
const favoured = await launchFavoured(CHROMIUM_ARGS);
try {
  const linkroom = await linkroomRuns(browser, favoured);
  const bare = await bareRuns(browser, favoured);
  const row = (xs: number[]) => ({ 'p50 ms': percentile(xs, 50), 'p95 ms': percentile(xs, 95), n: xs.length });
  console.log(
    `bench:join — ${JOINS} joins each, loopback, headless Chromium with a fake camera, the page measured in a browser of its own at nice ${FAVOURED_NICE}${STRESS ? `, ${hogs.length} cores kept busy` : ''}`,
  );
  console.table({
    'Linkroom: admit → first remote frame (class device)': row(linkroom.admitToFrame),
    'Linkroom: call page load → first remote frame (teacher)': row(linkroom.teacherLoadToFrame),
    'bare mediasoup: page load → first remote frame': row(bare),
  });
  console.log('Where the time goes, class device (ms after the admit click; steps before it are negative):');
  console.table(stepTable(linkroom.admitSteps));
  console.log("Where the time goes, teacher's call page (ms after the page load began):");
  console.table(stepTable(linkroom.loadSteps));
  console.log(`ratio (teacher page load, p50) Linkroom / bare: ${(percentile(linkroom.teacherLoadToFrame, 50) / percentile(bare, 50)).toFixed(2)}`);
  console.log(`error-level server log lines during the run: ${serverErrors}`);
} finally {
  await browser.close();
  await favoured.close();
  for (const hog of hogs) hog.kill('SIGKILL');
}
