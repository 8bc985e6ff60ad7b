// The safeguarding lead's review in Chromium: a call happens (teachers and a class over
// real sockets), then a school DSL opens its timeline, raises a concern about a chat
// message from it, records a decision with its reason, and exports the record as a PDF;
// the partner school's DSL is told of the concern.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SocketTransport } from '../../client/src/api/socket-transport.js';
import { E2E_PASSWORD, seedLinkWorld, type E2eWorld } from '../support/e2e-world.js';
import { expectAccessible } from '../support/axe.js';
import '../support/provided.js';

const UI_TIMEOUT_MS = 20_000;

async function login(email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${inject('baseUrl')}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: E2E_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

describe('the safeguarding review', () => {
  let browser: Browser;
  let world: E2eWorld;
  const dslEmails: string[] = [];
  const sockets: SocketTransport[] = [];

  /** A short call: both teachers join, a class is admitted, a teacher writes, the call ends. */
  async function holdCall(): Promise<void> {
    const base = inject('baseUrl');
    const teacher = await login(world.schools[0]!.teacherEmail);
    const created = await fetch(`${base}/api/links/${world.linkId}/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: teacher.cookie, 'x-csrf-token': teacher.csrf },
      body: '{}',
    });
    const call = (await created.json()) as { id: string; devices: { classId: string; code: string }[] };
    const t0 = new SocketTransport(base, { reconnection: false, cookie: teacher.cookie });
    const t1 = new SocketTransport(base, { reconnection: false, cookie: (await login(world.schools[1]!.teacherEmail)).cookie });
    const device = new SocketTransport(base, { reconnection: false });
    sockets.push(t0, t1, device);
    await Promise.all([t0.connected(), t1.connected(), device.connected()]);
    await t0.request('call:join-teacher', { callId: call.id });
    await t1.request('call:join-teacher', { callId: call.id });
    const code = call.devices.find((d) => d.classId === world.schools[0]!.classId.toString())!.code;
    const { participantId } = await device.request('call:join-device', { code, displayName: 'Class 4R' });
    await t0.request('call:admit', { participantId });
    await t0.request('call:chat-send', { channel: 'teachers', text: 'One of my pupils looks worried about something at home' });
    await t0.request('call:end', {});
  }

  async function dslPage(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: inject('baseUrl'), viewport: { width: 1400, height: 1000 } });
    const res = await context.request.post('/api/auth/login', { data: { email, password: E2E_PASSWORD } });
    expect(res.status()).toBe(200);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('review-link').waitFor({ timeout: UI_TIMEOUT_MS });
    await expectAccessible(page, "the DSL's home page");
    await page.getByTestId('review-link').click();
    await page.getByRole('heading', { name: /Safeguarding review/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    return page;
  }

  beforeAll(async () => {
    world = await seedLinkWorld(`review${Date.now()}`);
    const link = (await world.models.Link.findById(world.linkId))!;
    for (const [i, school] of world.schools.entries()) {
      const email = `dsl${i}.${world.linkId.toString()}@example.test`;
      const passwordHash = (await world.models.User.findOne({ email: school.teacherEmail }))!.passwordHash;
      await world.models.User.create({
        email,
        name: `DSL of ${school.name}`,
        passwordHash,
        grants: [{ role: 'school-dsl', programmeId: link.programmeId, schoolId: school.id }],
      });
      dslEmails.push(email);
    }
    browser = await chromium.connect(inject('browserWsEndpoint'));
    await holdCall();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
    await world?.connection.close();
  });

  it('shows the call as a timeline, raises a concern from a chat message, records a decision and exports the record', async () => {
    const page = await dslPage(dslEmails[0]!);
    const timeline = page.getByTestId('dsl-timeline');
    await timeline.locator('svg.timeline-chart').waitFor({ timeout: UI_TIMEOUT_MS });
    // One lane per participant: two teachers and the class.
    await expect
      .poll(() => timeline.locator('svg .lane-label').allTextContents(), { timeout: UI_TIMEOUT_MS })
      .toEqual(['Teacher of 4R', 'Teacher of 4S', 'Class 4R', 'Events']);
    const chat = timeline.locator('[data-testid="timeline-event"][data-type="call.chat-message"]');
    await chat.click();
    await expect.poll(() => page.getByTestId('event-detail').textContent()).toContain('looks worried about something at home');
    await page.screenshot({ path: '/tmp/lr-review-timeline.png', fullPage: true });
    await expectAccessible(page, "the DSL's review of a call, an event open");

    // A concern about that message.
    await page.getByRole('button', { name: 'Raise a concern about this' }).click();
    await page.getByTestId('concern-summary').fill('A pupil may be worried about home: please look at this call.');
    // Urgency is asked, never assumed: the form will not send without it.
    await page.getByTestId('concern-submit').click();
    expect(
      await page
        .getByTestId('concern-urgency')
        .locator('input')
        .first()
        .evaluate((el) => (el as HTMLInputElement).validity.valueMissing),
    ).toBe(true);
    await page.getByTestId('concern-urgency').getByLabel('A lead should look at it today').check();
    await expectAccessible(page, 'the concern form');
    await page.getByTestId('concern-submit').click();
    await page.getByTestId('concern-current-status').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('concern-current-status').textContent()).toBe('Open');
    expect(await page.locator('.concern-detail blockquote').textContent()).toContain('One of my pupils looks worried');

    // A decision needs its reason: the form will not send without one.
    await page.getByTestId('concern-status').selectOption('under-review');
    await page.getByTestId('concern-decision').fill('Spoke to the class teacher');
    await page.getByTestId('concern-status-submit').click();
    expect(await page.getByTestId('concern-reason').evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    await page.getByTestId('concern-reason').fill('The teacher will check in with the pupil tomorrow');
    await page.getByTestId('concern-status-submit').click();
    await expect.poll(() => page.getByTestId('concern-current-status').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Under review');
    expect(await page.locator('ol.decisions').textContent()).toContain('Why: The teacher will check in with the pupil tomorrow');
    await page.screenshot({ path: '/tmp/lr-review-concern.png', fullPage: true });
    await expectAccessible(page, 'a concern with its decisions');

    const href = await page.getByTestId('export-pdf').getAttribute('href');
    const pdf = await page.context().request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("tells the partner school's DSL, who sees the concern in their queue", async () => {
    const page = await dslPage(dslEmails[1]!);
    // The lead's home page leads with the new concern, one click from its record.
    await page.goto('/');
    const home = page.getByTestId('home-concerns');
    await expect.poll(() => home.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('New safeguarding concern raised by DSL of Rowan Primary');
    await home.getByRole('link', { name: 'Open the concern' }).first().click();
    await page.getByTestId('concern-current-status').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect
      .poll(() => page.getByTestId('notices').textContent(), { timeout: UI_TIMEOUT_MS })
      .toContain('New safeguarding concern raised by DSL of Rowan Primary');
    await page.getByTestId('review-tab-concerns').click();
    await expect.poll(() => page.getByTestId('concern-item').getAttribute('data-status'), { timeout: UI_TIMEOUT_MS }).toBe('under-review');
    await expectAccessible(page, "the DSL's concerns queue");
    // The retention policy as dates; only a programme DSL may apply it at once.
    await page.getByTestId('review-tab-retention').click();
    await page.getByRole('heading', { name: 'Retention' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('table').textContent()).toContain("Pupils' work on the exchange walls30 days after the year ends");
    expect(await page.getByTestId('retention-run').count()).toBe(0);
    expect(await page.getByTestId('retention-runs').textContent()).toMatch(/runs every night at 02:30 UK time \(next: .+ (GMT|BST)\)/);
  });
});
