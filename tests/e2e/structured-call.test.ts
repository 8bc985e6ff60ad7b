// Two teachers and two class devices in real Chromium pages, through the real SFU: the
// lobby, the two-adult rule, the agenda, hard mute, reconnect, removal, and the log.
import { execFileSync } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/axe.js';
import { drawStroke, openBoard, strokeCount } from '../support/board-page.js';
import '../support/provided.js';
import { startMediaCut } from '../support/media-cut.js';
import { E2E_PASSWORD, seedLinkWorld, type E2eWorld } from '../support/e2e-world.js';

const FRAME_GROWTH_WINDOW_MS = 2_000;
// Generous: four pages decode video on two cores while the SFU forwards it.
const UI_TIMEOUT_MS = 30_000;
/** Chromium may switch its first nominated pair to a better one within seconds. */
const ROUTE_SETTLED_TIMEOUT_MS = 20_000;
/** How long the media is cut in the network test, as a school wifi dropping out. */
const CUT_MS = 10_000;

async function framesDecoded(page: Page): Promise<number> {
  const stats = await page.evaluate(() => window.__linkroomDebug?.inboundVideoStats() ?? []);
  return stats.reduce((sum, s) => sum + s.framesDecoded, 0);
}

async function expectVideoFlowing(page: Page) {
  const remote = page.getByTestId('remote-video').first();
  await remote.waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => remote.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
  const before = await framesDecoded(page);
  await page.waitForTimeout(FRAME_GROWTH_WINDOW_MS);
  expect(await framesDecoded(page)).toBeGreaterThan(before);
}

/**
 * After the media server died: how long until this page decodes video again. Its consumers
 * are replaced, so the count first falls (new consumers start from zero), then grows.
 */
async function msUntilVideoBack(page: Page, since: number): Promise<number> {
  const frozen = await framesDecoded(page);
  let reset = false;
  let last = -1;
  for (;;) {
    const now = await framesDecoded(page);
    if (now < frozen || (now > 0 && frozen === 0)) reset = true;
    if (reset && last >= 0 && now > last) return Date.now() - since;
    last = reset ? now : -1;
    if (Date.now() - since > UI_TIMEOUT_MS) throw new Error('video did not come back');
    await page.waitForTimeout(200);
  }
}

/** How long until this page's video is moving again (two samples apart, growing). */
async function msUntilVideoMoving(page: Page, since: number): Promise<number> {
  let last = await framesDecoded(page);
  for (;;) {
    await page.waitForTimeout(200);
    const now = await framesDecoded(page);
    if (now > last) return Date.now() - since;
    last = now;
    if (Date.now() - since > UI_TIMEOUT_MS) throw new Error('video did not move again');
  }
}

const statusOf = (page: Page) => page.getByTestId('call-status').textContent();

describe('a structured call between two classes', () => {
  let browser: Browser;
  let world: E2eWorld;
  const baseUrl = inject('baseUrl');
  let callId = '';
  let codes: { classId: string; code: string }[] = [];
  const teacher: { context: BrowserContext; page: Page; csrf: string }[] = [];
  const device: Page[] = [];

  async function loggedInTeacher(email: string) {
    const context = await browser.newContext({ baseURL: baseUrl });
    const login = await context.request.post('/api/auth/login', { data: { email, password: E2E_PASSWORD } });
    expect(login.status()).toBe(200);
    return { context, page: await context.newPage(), csrf: (await login.json()).csrfToken as string };
  }
  const media = async () => (await teacher[0]!.context.request.get(`/api/calls/${callId}/media`)).json();

  beforeAll(async () => {
    world = await seedLinkWorld(`call${Date.now()}`);
    browser = await chromium.connect(inject('browserWsEndpoint'));
    const a = await loggedInTeacher(world.schools[0]!.teacherEmail);
    const started = await a.context.request.post(`/api/links/${world.linkId}/calls`, { data: {}, headers: { 'x-csrf-token': a.csrf } });
    expect(started.status()).toBe(201);
    const call = await started.json();
    callId = call.id;
    codes = call.devices;
    teacher.push(a);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.connection.close();
  });

  const codeOf = (i: number) => codes.find((c) => c.classId === world.schools[i]!.classId.toString())!.code;

  it('waits for adults, and keeps a class device in the lobby until its own teacher admits it', async () => {
    await teacher[0]!.page.goto(`/calls/${callId}`);
    await expect.poll(() => statusOf(teacher[0]!.page), { timeout: UI_TIMEOUT_MS }).toBe('waiting-for-adults');

    const d = await (await browser.newContext({ baseURL: baseUrl })).newPage();
    device.push(d);
    await d.goto('/join');
    await d.getByTestId('join-code').fill(codeOf(0).toLowerCase());
    await d.getByTestId('join-name').fill('Class 4R');
    await d.getByTestId('join-submit').click();
    await d.getByTestId('lobby-waiting').waitFor({ timeout: UI_TIMEOUT_MS });
    await expectAccessible(d, 'a class device waiting in the lobby');
    // Nothing is seen or heard before admission: the device has no media in the call.
    expect(await d.getByTestId('local-video').count()).toBe(0);
    expect((await media()).peers).toBe(1);

    const entry = teacher[0]!.page.getByTestId('lobby-entry');
    await entry.waitFor({ timeout: UI_TIMEOUT_MS });
    await expectAccessible(teacher[0]!.page, "the teacher's call page, a class in the lobby");
    await entry.getByTestId('admit-button').click();
    await expect.poll(() => statusOf(d), { timeout: UI_TIMEOUT_MS }).toBe('waiting-for-adults');
    // Admitted, but with one school only nothing flows: producers are paused on the server.
    await expect.poll(async () => (await media()).peers, { timeout: UI_TIMEOUT_MS }).toBe(2);
    const m = await media();
    expect(m.flowing).toBe(false);
    expect(m.pausedProducers.video).toBe(m.producers.video);
  });

  it(
    'goes live once a teacher and a class of each school are in, and video decodes both ways',
    async () => {
      const b = await loggedInTeacher(world.schools[1]!.teacherEmail);
      teacher.push(b);
      await b.page.goto(`/calls/${callId}`);
      await expect.poll(() => statusOf(b.page), { timeout: UI_TIMEOUT_MS }).toBe('waiting-for-adults');

      const d = await (await browser.newContext({ baseURL: baseUrl })).newPage();
      device.push(d);
      await d.goto('/join');
      await d.getByTestId('join-code').fill(codeOf(1));
      await d.getByTestId('join-name').fill('Class 4S');
      await d.getByTestId('join-submit').click();
      await d.getByTestId('lobby-waiting').waitFor({ timeout: UI_TIMEOUT_MS });
      // Only the device's own school's teacher may admit it.
      await teacher[0]!.page.getByTestId('lobby-entry').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await teacher[0]!.page.getByTestId('lobby-entry').getByTestId('admit-button').count()).toBe(0);
      await b.page.getByTestId('lobby-entry').getByTestId('admit-button').click();

      for (const page of [...device, b.page]) await expect.poll(() => statusOf(page), { timeout: UI_TIMEOUT_MS }).toBe('live');
      await expectVideoFlowing(device[0]!);
      await expectVideoFlowing(device[1]!);
      // Prepared in the lobby: the class's transports connected with the certificate announced in
      // media:join, without a connect round trip after admission.
      expect(await device[1]!.evaluate(() => Object.keys(window.__linkroomDebug?.joinSteps() ?? {}))).toContain('connect-announced');
      const m = await media();
      expect(m).toMatchObject({ flowing: true, peers: 4, producers: { video: 4, audio: 4 }, consumers: { video: 12 } });
      // Every camera sends three simulcast layers.
      expect(m.simulcastProducers).toBe(4);
      // Media health as the SFU sees it: each of the 8 transports connected over UDP, carrying bytes.
      // On a busy machine Chromium may nominate the TCP pair first and move to UDP once that
      // pair answers: the route is read once the browser has settled (as in school-network.test.ts).
      type TransportView = { iceState: string; dtlsState: string; protocol: string; bytesReceived: number; bytesSent: number };
      let transports: TransportView[] = m.transports as TransportView[];
      await expect
        .poll(
          async () => {
            transports = (await media()).transports as TransportView[];
            return transports.map((t) => t.protocol);
          },
          { timeout: ROUTE_SETTLED_TIMEOUT_MS },
        )
        .toEqual(Array(8).fill('udp'));
      for (const t of transports) {
        expect(['connected', 'completed']).toContain(t.iceState);
        expect(t.dtlsState).toBe('connected');
        expect(t.bytesReceived + t.bytesSent).toBeGreaterThan(0);
      }
      // The fake microphones talk (tests/fixtures/class-voice.wav): the SFU's speaker detection
      // marks someone as speaking.
      await expect.poll(() => device[0]!.locator('.tile.speaking').count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
      expect(m.pausedProducers.video).toBe(0);
    },
    UI_TIMEOUT_MS * 4,
  );

  it("fills most of a class's screen with the partner class, on an interactive board and on a laptop", async () => {
    const d = device[0]!;
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1366, height: 768 },
    ]) {
      await d.setViewportSize(viewport);
      const partner = d.locator('.stage').getByTestId('remote-video');
      await expect.poll(() => partner.count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
      const box = (await partner.boundingBox())!;
      // The partner's picture: at least 60 % of the screen, and all of it on the screen.
      expect((box.width * box.height) / (viewport.width * viewport.height)).toBeGreaterThanOrEqual(0.6);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      // The teachers and the class's own picture are small, beside it.
      for (const small of await d.locator('.strip video').all()) {
        const b = (await small.boundingBox())!;
        expect(b.width * b.height).toBeLessThan((box.width * box.height) / 8);
      }
      // Readable from the back of the room: the step's title at least 28 px high.
      const stepSize = await d.getByTestId('agenda-step').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(stepSize).toBeGreaterThanOrEqual(28);
      await d.screenshot({ path: `/tmp/lr-class-screen-${viewport.width}x${viewport.height}.png` });
    }
    await expectAccessible(d, "a class's screen in a live call");
    // The teacher's page at the sizes of school laptops: the lobby and the codes come first.
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1024, height: 768 },
    ]) {
      await teacher[0]!.page.setViewportSize(viewport);
      const lobby = (await teacher[0]!.page.getByRole('heading', { name: /^Lobby/ }).boundingBox())!;
      expect(lobby.y + lobby.height).toBeLessThanOrEqual(viewport.height);
      await teacher[0]!.page.screenshot({ path: `/tmp/lr-teacher-call-${viewport.width}x${viewport.height}.png` });
    }
    await expectAccessible(teacher[0]!.page, "the teacher's page in a live call");
  });

  it('moves the agenda for everyone when a teacher of either side presses next', async () => {
    const first = await device[0]!.getByTestId('agenda-step').textContent();
    await teacher[1]!.page.getByTestId('agenda-next').click();
    await expect.poll(() => device[0]!.getByTestId('agenda-step').textContent(), { timeout: UI_TIMEOUT_MS }).not.toBe(first);
    // Each page gets the new state on its own socket: wait for the second one too, not only read it.
    const step = await device[0]!.getByTestId('agenda-step').textContent();
    await expect.poll(() => device[1]!.getByTestId('agenda-step').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(step);
  });

  it('opens the class chat only when a teacher turns it on, and lets a teacher delete a message', async () => {
    expect(await device[0]!.getByTestId('chat-text').count()).toBe(0);
    const t = teacher[0]!.page;
    await t.getByRole('button', { name: /Class chat/ }).click();
    await t.getByRole('button', { name: 'Turn class chat on' }).click();
    const input = device[0]!.getByTestId('chat-text');
    await input.waitFor({ timeout: UI_TIMEOUT_MS });
    await input.fill('Our town has a canal');
    await device[0]!.getByRole('button', { name: 'Send' }).click();
    const message = t.locator('.messages li', { hasText: 'Our town has a canal' });
    await message.waitFor({ timeout: UI_TIMEOUT_MS });
    // A teacher can raise a concern about a message right there, before deleting it.
    await message.getByRole('button', { name: /Raise a concern about the message/ }).click();
    await t.getByTestId('concern-summary').fill('A pupil mentioned going to the canal alone after dark');
    // A child may be at immediate risk: the raiser is told what to do now, and the leads' notice is urgent.
    await t.getByTestId('concern-urgency').getByLabel('A child may be at immediate risk').check();
    expect(await t.getByRole('alert').filter({ hasText: 'Act now' }).textContent()).toContain('call 999');
    await t.getByTestId('concern-submit').click();
    await t.getByText('Your concern was recorded').waitFor({ timeout: UI_TIMEOUT_MS });
    const concern = await world.models.Concern.findOne({ callId });
    expect(concern).toMatchObject({ status: 'open', urgency: 'immediate-risk', context: expect.stringContaining('Our town has a canal') });
    await t.getByRole('button', { name: 'Close' }).click();
    await message.getByRole('button', { name: /Delete the message/ }).click();
    await expect.poll(() => device[0]!.locator('.messages li').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });

  it("holds a class's message naming a phone number for its teacher; the partner class sees it only once released", async () => {
    const t = teacher[0]!.page;
    const input = device[0]!.getByTestId('chat-text');
    await input.fill('ring me on 07700 900123');
    await device[0]!.getByRole('button', { name: 'Send' }).click();
    const held = t.getByTestId('held-for-review');
    await held.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await held.textContent()).toContain('a phone number');
    // The class that wrote it is told it waits; the partner class does not see it.
    await device[0]!.getByText('Waiting for your teacher').waitFor({ timeout: UI_TIMEOUT_MS });
    await input.fill('We have a pond');
    await device[0]!.getByRole('button', { name: 'Send' }).click();
    await device[1]!.locator('.messages li', { hasText: 'We have a pond' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await device[1]!.locator('.messages li', { hasText: '07700 900123' }).count()).toBe(0);
    await held.getByTestId('release-held').click();
    await device[1]!.locator('.messages li', { hasText: 'ring me on 07700 900123' }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('shows a teacher’s shared screen to the classes, and stops it', async () => {
    const t = teacher[0]!.page;
    await t.getByRole('button', { name: /Share my screen/ }).click();
    const screen = device[1]!.getByTestId('remote-screen');
    await screen.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => screen.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
    expect((await media()).producers.video).toBe(5);
    await t.getByRole('button', { name: 'Stop sharing my screen' }).click();
    await expect.poll(() => device[1]!.getByTestId('remote-screen').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    expect((await media()).producers.video).toBe(4);
  });

  it('switches the whole call to audio only and back, on the server', async () => {
    const button = teacher[0]!.page.getByRole('button', { name: 'Audio only for everyone' });
    await button.click();
    await expect.poll(async () => (await media()).pausedProducers.video, { timeout: UI_TIMEOUT_MS }).toBe(4);
    expect((await media()).pausedConsumers.video).toBe(12);
    await button.click();
    await expect.poll(async () => (await media()).pausedProducers.video, { timeout: UI_TIMEOUT_MS }).toBe(0);
    await expect.poll(async () => (await media()).pausedConsumers.video, { timeout: UI_TIMEOUT_MS }).toBe(0);
  });

  it('holds a hard-muted device muted against its own unmute request', async () => {
    await teacher[0]!.page.getByTestId('mute-all').click();
    // A class's controls are on its video tile.
    await teacher[0]!.page.getByRole('group', { name: 'Controls for Class 4R' }).getByRole('button', { name: 'Hold muted' }).click();
    // Both classes' microphones are now paused on the server.
    await expect.poll(async () => (await media()).pausedProducers.audio, { timeout: UI_TIMEOUT_MS }).toBe(2);
    // 4S may unmute itself; 4R, held by a teacher, is refused by the server.
    await device[1]!.getByTestId('unmute-self').click();
    await expect.poll(async () => (await media()).pausedProducers.audio, { timeout: UI_TIMEOUT_MS }).toBe(1);
    await device[0]!.getByTestId('unmute-self').click();
    await expect.poll(() => device[0]!.getByRole('alert').first().textContent(), { timeout: UI_TIMEOUT_MS }).toContain('A teacher has muted this device');
    expect((await media()).pausedProducers.audio).toBe(1);
  });

  it('lets a class mute itself and unmute again', async () => {
    const before = (await media()).pausedProducers.audio;
    await device[1]!.getByTestId('mute-self').click();
    await expect.poll(async () => (await media()).pausedProducers.audio, { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    await device[1]!.getByTestId('unmute-self').click();
    await expect.poll(async () => (await media()).pausedProducers.audio, { timeout: UI_TIMEOUT_MS }).toBe(before);
  });

  it('carries a stroke drawn on one class’s whiteboard to the other class, and obeys the teacher’s lock and clear', async () => {
    const [drawer, watcher] = [device[0]!, device[1]!];
    const t = teacher[0]!.page;
    await openBoard([drawer, watcher, t], UI_TIMEOUT_MS);
    const before = await strokeCount(watcher);
    const { box, yShare } = await drawStroke(drawer);
    expect(box.y).toBeGreaterThanOrEqual(0);
    await expect.poll(() => strokeCount(watcher), { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    // Each page's board arrives on its own socket: wait for the teacher's too.
    await expect.poll(() => strokeCount(t), { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    await expectAccessible(drawer, "a class's board, with a drawing");
    await expectAccessible(t, "the teacher's board, with a drawing");
    // A teacher can raise a concern about what is on the board: the concern tool, then the stroke.
    await t.getByTestId('wb-tool-concern').click();
    await t.getByTestId('whiteboard').scrollIntoViewIfNeeded();
    const tbox = (await t.getByTestId('whiteboard').boundingBox())!;
    // The stroke's first point, in the teacher's board (the same board coordinates, another size).
    await t.mouse.click(tbox.x + tbox.width * 0.2, tbox.y + tbox.height * yShare);
    await t.getByTestId('concern-summary').fill('This drawing needs a second look');
    await t.getByTestId('concern-urgency').getByLabel('No immediate risk: for the lead to review').check();
    await t.getByTestId('concern-submit').click();
    await t.getByText('Your concern was recorded').waitFor({ timeout: UI_TIMEOUT_MS });
    const boardConcern = await world.models.Concern.findOne({ 'subject.kind': 'board-element' });
    expect(boardConcern).toMatchObject({ linkId: world.linkId, context: 'A drawing on the board', status: 'open' });
    expect((boardConcern!.subject as { boardId: string }).boardId).toMatch(/^(call|link)-[a-f0-9]{24}$/);
    await t.getByRole('button', { name: 'Close' }).click();
    // Locked: the class's tools are off, and the teacher's clear reaches everyone.
    await t.getByTestId('wb-lock').click();
    await expect.poll(() => drawer.getByTestId('wb-tool-pen').isDisabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await t.getByTestId('wb-clear').click();
    await expect.poll(() => strokeCount(watcher), { timeout: UI_TIMEOUT_MS }).toBe(0);
    await t.getByTestId('wb-lock').click();
    await expect.poll(() => drawer.getByTestId('wb-tool-pen').isDisabled(), { timeout: UI_TIMEOUT_MS }).toBe(false);
  });

  it("puts the board on both classes' screens beside the partner's video when a teacher presents it, and takes it off", async () => {
    const t = teacher[0]!.page;
    await t.getByTestId('present-to-both').click();
    for (const d of device) {
      const stage = d.locator('.stage.presenting');
      await stage.getByTestId('whiteboard').waitFor({ timeout: UI_TIMEOUT_MS });
      // The partner class stays in sight beside the board.
      expect(await stage.getByTestId('remote-video').count()).toBeGreaterThan(0);
    }
    expect(await t.getByTestId('present-to-both').getAttribute('aria-pressed')).toBe('true');
    await t.getByTestId('present-to-both').click();
    for (const d of device) await expect.poll(() => d.locator('.stage.presenting').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });

  it("puts a piece of work from the wall on both classes' screens beside the partner's video, and takes it off", async () => {
    const [a, b] = [teacher[0]!, teacher[1]!];
    const post = (who: typeof a, url: string, data: object) => who.context.request.post(url, { data, headers: { 'x-csrf-token': who.csrf } });
    const letter = await post(a, `/api/links/${world.linkId}/exchange/letters`, { title: 'Hello from 4R', text: 'We have a pond with frogs in it.' });
    expect(letter.status()).toBe(201);
    const { id } = (await letter.json()) as { id: string };
    const approved = await post(a, `/api/exchange/${id}/approve`, {});
    expect(approved.status()).toBe(200);
    if (((await approved.json()) as { receiverApproval: string }).receiverApproval === 'pending')
      expect((await post(b, `/api/exchange/${id}/approve`, {})).status()).toBe(200);
    const t = a.page;
    const choose = t.getByTestId('present-work');
    await choose.focus();
    await expect.poll(() => choose.locator('option').allTextContents(), { timeout: UI_TIMEOUT_MS }).toContain('Hello from 4R (Rowan Primary)');
    await choose.selectOption({ label: 'Hello from 4R (Rowan Primary)' });
    for (const d of device) {
      const stage = d.locator('.stage.presenting');
      await expect.poll(() => stage.getByTestId('presented-work').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('We have a pond with frogs in it.');
      expect(await stage.getByTestId('remote-video').count()).toBeGreaterThan(0);
    }
    await expectAccessible(device[0]!, "a class's screen with a piece of work presented");
    await t.getByTestId('present-work-stop').click();
    for (const d of device) await expect.poll(() => d.locator('.stage.presenting').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });

  it("holds a class's words naming a phone number on the board for its teacher; the partner's page never shows them unless let through", async () => {
    const [writer, partner] = [device[0]!, device[1]!];
    const t = teacher[0]!.page;
    const words = (page: Page, text: string) => page.locator('[data-testid="wb-element"]', { hasText: text }).count();
    await writer.getByTestId('wb-tool-text').click();
    await writer.getByTestId('whiteboard').scrollIntoViewIfNeeded();
    const box = (await writer.getByTestId('whiteboard').boundingBox())!;
    await writer.mouse.click(box.x + box.width * 0.5, box.y + Math.min(box.height * 0.5, 200));
    await writer.getByTestId('wb-text-input').fill('ring me on 07700 900123');
    await writer.getByTestId('wb-text-input').press('Enter');
    // The class is told it waits; its teacher sees it held with the reason.
    await writer.getByText(/waits for your teacher/).waitFor({ timeout: UI_TIMEOUT_MS });
    const held = t.getByTestId('held-for-review').filter({ hasText: '07700 900123' });
    await held.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await held.textContent()).toContain('a phone number');
    expect(await words(partner, '07700 900123')).toBe(0);
    await held.getByTestId('release-held').click();
    await expect.poll(() => words(partner, '07700 900123'), { timeout: UI_TIMEOUT_MS }).toBe(1);
  });

  it('lets a dropped class device back in within the grace period, without re-admission, and media resumes', async () => {
    await device[0]!.evaluate(() => window.__linkroomDebug?.dropConnection());
    await expect.poll(() => statusOf(device[0]!), { timeout: UI_TIMEOUT_MS }).toBe('live');
    await expect.poll(async () => (await media()).peers, { timeout: UI_TIMEOUT_MS }).toBe(4);
    await expectVideoFlowing(device[0]!);
  });

  it('brings media back by itself when the media server process dies mid-call, and logs it', async () => {
    const workers = execFileSync('pgrep', ['-P', String(inject('serverPid')), '-f', 'mediasoup-worker'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(workers).toHaveLength(1); // SFU_WORKERS=1: the call's room is on it
    const pages = [...device, ...teacher.map((t) => t.page)];
    const killedAt = Date.now();
    process.kill(Number(workers[0]), 'SIGKILL');
    const backAfterMs = await Promise.all(pages.map((page) => msUntilVideoBack(page, killedAt)));
    console.info(`video decoding again on each page after the worker was killed: ${backAfterMs.join(', ')} ms`);
    for (const page of pages) await expectVideoFlowing(page);
    await expect.poll(async () => (await media()).peers, { timeout: UI_TIMEOUT_MS }).toBe(4);
    expect(await statusOf(device[0]!)).toBe('live');
    await expect.poll(() => teacher[0]!.page.getByTestId('media-interrupted').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    const types = (
      await world.connection
        .collection('safeguarding_log')
        .find({ 'scope.callId': callId, type: /^call\.media-/ })
        .toArray()
    ).map((e) => e.type);
    expect(types).toEqual(['call.media-interrupted', 'call.media-restored']);
  });

  it('brings media back by itself after a 10 s network cut, without re-admission; teachers see the class reconnecting', async () => {
    const pages = [...device, ...teacher.map((t) => t.page)];
    const endCut = startMediaCut(inject('mediaPort'));
    try {
      await expect.poll(() => teacher[0]!.page.getByTestId('tile-reconnecting').count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
      await teacher[0]!.page.waitForTimeout(CUT_MS);
    } finally {
      endCut();
    }
    const restoredAt = Date.now();
    const backAfterMs = await Promise.all(pages.map((page) => msUntilVideoMoving(page, restoredAt)));
    console.info(`video moving again on each page after a ${CUT_MS / 1000} s cut ended: ${backAfterMs.join(', ')} ms`);
    await expect.poll(() => teacher[0]!.page.getByTestId('tile-reconnecting').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    for (const page of device) expect(await statusOf(page)).toBe('live');
    const admissions = await world.connection.collection('safeguarding_log').countDocuments({ 'scope.callId': callId, type: 'call.device-admitted' });
    expect(admissions).toBe(2); // nobody was let in again
  });

  it('tells someone whose network lets no media through what to ask the IT team, and clears it once media gets through', async () => {
    const endCut = startMediaCut(inject('mediaPort'));
    const page = await teacher[0]!.context.newPage();
    try {
      await page.goto(`/calls/${callId}`);
      await page.getByTestId('media-blocked').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.getByTestId('media-blocked').textContent()).toContain(`UDP to 127.0.0.1 port ${inject('mediaPort')}`);
    } finally {
      endCut();
    }
    await expect.poll(() => page.getByTestId('media-blocked').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    await expectVideoFlowing(page);
    // The teacher's first tab was told the call moved to this one: it takes the call back.
    expect(await teacher[0]!.page.getByRole('alert').first().textContent()).toContain('another window');
    await page.close();
    await teacher[0]!.page.getByRole('button', { name: 'Open the call here instead' }).click();
    await expect.poll(() => statusOf(teacher[0]!.page), { timeout: UI_TIMEOUT_MS }).toBe('live');
  });

  it('pauses when the last teacher of a school leaves, with producers paused on the server', async () => {
    await teacher[1]!.context.close();
    for (const page of device) await expect.poll(() => statusOf(page), { timeout: UI_TIMEOUT_MS }).toBe('paused');
    const m = await media();
    expect(m.flowing).toBe(false);
    expect(m.pausedProducers.video).toBe(m.producers.video);
  });

  it('removes a device and revokes its code', async () => {
    await teacher[0]!.page.getByRole('group', { name: 'Controls for Class 4S' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => device[1]!.getByRole('alert').first().textContent(), { timeout: UI_TIMEOUT_MS }).toContain('removed');
    const again = await (await browser.newContext({ baseURL: baseUrl })).newPage();
    await again.goto('/join');
    await again.getByTestId('join-code').fill(codeOf(1));
    await again.getByTestId('join-name').fill('Class 4S');
    await again.getByTestId('join-submit').click();
    await expect.poll(() => again.getByRole('alert').first().textContent(), { timeout: UI_TIMEOUT_MS }).toContain('does not open a call');
  });

  it('has written each of these events to the safeguarding log, in order', async () => {
    const events = await world.connection.collection('safeguarding_log').find({ 'scope.callId': callId }).sort({ _id: 1 }).toArray();
    const types = events.map((e) => (e.type === 'call.status-changed' ? `${e.type}:${e.payload.to}` : e.type));
    const expectedInOrder = [
      'call.created',
      'call.teacher-joined',
      'call.device-waiting',
      'call.device-admitted',
      'call.teacher-joined',
      'call.device-waiting',
      'call.device-admitted',
      'call.status-changed:live',
      'call.agenda-step',
      'call.muted-all',
      'call.hard-mute',
      'call.unmute-refused',
      'call.device-reconnected',
      'call.participant-left',
      'call.status-changed:paused',
      'call.device-removed',
      'call.join-attempt',
    ];
    let at = 0;
    for (const t of types) if (t === expectedInOrder[at]) at++;
    expect(expectedInOrder.slice(at), `log was: ${types.join(', ')}`).toEqual([]);
  });

  it('lets a class leave by choice, after confirming: gone from the call at once, with an end screen', async () => {
    const d = device[0]!;
    await d.getByTestId('leave-call').click();
    await d.getByTestId('leave-confirm').click();
    await d.getByTestId('call-ended').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await d.getByTestId('call-ended').textContent()).toContain('What comes next');
    // No grace period: the teacher's list drops the class now.
    await expect.poll(() => teacher[0]!.page.locator('li.participant', { hasText: 'Class 4R' }).count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });

  it('checks camera and microphone before joining; a class whose browser blocks the camera is told how to fix it and may join with sound only; its teacher sees both in the lobby and admits all', async () => {
    const ready = await (await browser.newContext({ baseURL: baseUrl })).newPage();
    await ready.goto('/join');
    // Permission is asked on /join itself: the class sees its picture and its microphone moving.
    const preview = ready.getByTestId('prejoin-preview');
    await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
    await expect.poll(() => ready.getByTestId('prejoin-mic-level').evaluate((m: HTMLMeterElement) => m.value), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
    await expectAccessible(ready, 'the join page with its camera and microphone check');

    // This laptop's browser refuses the camera (as after a click on "Block").
    const blockedContext = await browser.newContext({ baseURL: baseUrl });
    await blockedContext.addInitScript(() => {
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (c?: MediaStreamConstraints) =>
        c?.video ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : open(c);
    });
    const blocked = await blockedContext.newPage();
    await blocked.goto('/join');
    const notice = blocked.getByTestId('prejoin-camera-blocked');
    await notice.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await notice.textContent()).toContain('The browser is blocking the camera');
    await expectAccessible(blocked, 'the join page, its camera blocked');
    await notice.getByRole('button', { name: 'Try again' }).click();
    await notice.waitFor({ timeout: UI_TIMEOUT_MS });
    await notice.getByRole('button', { name: 'Join with sound only' }).click();
    await expect.poll(() => blocked.getByTestId('prejoin-camera-blocked').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);

    for (const [page, name] of [
      [ready, 'Class 4R laptop'],
      [blocked, 'Class 4R board'],
    ] as const) {
      await page.getByTestId('join-code').fill(codeOf(0));
      await page.getByTestId('join-name').fill(name);
      await page.getByTestId('join-submit').click();
      await page.getByTestId('lobby-waiting').waitFor({ timeout: UI_TIMEOUT_MS });
    }
    const t = teacher[0]!.page;
    const entry = (name: string) => t.getByTestId('lobby-entry').filter({ hasText: name });
    await expect.poll(() => entry('Class 4R board').getByTestId('lobby-readiness').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('sound only');
    expect(await entry('Class 4R laptop').getByTestId('lobby-readiness').textContent()).toContain('camera ready, microphone ready');
    // Which class's code each used: a stranger's name on 4R's code shows as such.
    expect(await entry('Class 4R board').textContent()).toContain('used the code of 4R');
    expect(await t.title()).toMatch(/^\(2 waiting\)/);
    await t.getByTestId('lobby-admit-all').click();
    await expect.poll(() => t.getByTestId('lobby-entry').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    await expect.poll(() => t.locator('li.participant', { hasText: 'Class 4R' }).count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
    device.splice(0, device.length, ready, blocked);
  });

  it('ends the call only after a teacher confirms, and shows teachers and classes what comes next', async () => {
    const t = teacher[0]!.page;
    await t.getByTestId('end-call').click();
    expect(await t.getByTestId('call-ended').count()).toBe(0);
    await t.getByTestId('end-confirm').click();
    await t.getByTestId('call-ended').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await t.getByTestId('call-ended').textContent()).toContain('Post your class’s work to the exchange wall');
    await expectAccessible(t, "the teacher's end screen");
    for (const d of device) await d.getByTestId('call-ended').waitFor({ timeout: UI_TIMEOUT_MS });
    await expectAccessible(device[0]!, "a class's end screen");
  });
});
