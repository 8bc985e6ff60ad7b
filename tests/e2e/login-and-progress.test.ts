// A link teacher logs in through the real page and records progress on their link's year plan.
import type { Connection } from 'mongoose';
import type { Types } from 'mongoose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Models } from '../../server/db/models.js';
import { E2E_PASSWORD as PASSWORD, seedLinkWorld } from '../support/e2e-world.js';
import { expectAccessible } from '../support/axe.js';
import '../support/provided.js';

describe('logging in and recording progress', () => {
  let browser: Browser;
  let page: Page;
  let connection: Connection;
  let models: Models;
  let linkId: Types.ObjectId;
  let email: string;

  beforeAll(async () => {
    const world = await seedLinkWorld(`progress${Date.now()}`);
    connection = world.connection;
    models = world.models;
    linkId = world.linkId;
    email = world.schools[0]!.teacherEmail;
    browser = await chromium.connect(inject('browserWsEndpoint'));
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await connection?.close();
  });

  it('shows a clear error for a wrong password', async () => {
    await page.goto(`${inject('baseUrl')}/`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');
    await expectAccessible(page, 'the login page, with its error');
  });

  it('logs in and shows the teacher their link with the partner class by name', async () => {
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByRole('heading', { name: 'Links' }).waitFor();
    await expect.poll(() => page.getByTestId('link-card').first().textContent()).toContain('Sycamore Primary — 4S (Y4)');
    // What comes next leads the page: the year's first milestone, with the partner by name.
    const next = page.getByTestId('teacher-next');
    await expect.poll(() => next.textContent()).toContain('Next in the year: Exchange identity work');
    expect(await next.textContent()).toContain('With Sycamore Primary — 4S');
    await expectAccessible(page, "the teacher's dashboard");
  });

  it("shows the partner teacher's call on this dashboard without a reload", async () => {
    const partner = (await browser.newContext({ baseURL: inject('baseUrl') })).request;
    const login = await partner.post('/api/auth/login', { data: { email: email.replace('.4r.', '.4s.'), password: PASSWORD } });
    expect(login.status()).toBe(200);
    const started = await partner.post(`/api/links/${linkId}/calls`, { data: {}, headers: { 'x-csrf-token': (await login.json()).csrfToken } });
    expect(started.status()).toBe(201);
    await page.getByTestId('teacher-next').getByRole('link', { name: 'Join the call now' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, "the teacher's dashboard with a call to join");
  });

  it('records a milestone from the year plan, stored and logged on the server', async () => {
    await page.getByRole('button', { name: 'Year plan' }).click();
    await page.getByLabel('First video call: meet our link class').check();
    await expect.poll(async () => (await models.Link.findById(linkId))?.progress.map((p) => p.milestoneKey)).toEqual(['p1-call-1']);
    const logged = await connection.collection('safeguarding_log').findOne({ type: 'link.progress', 'scope.linkId': linkId.toString() });
    expect(logged?.payload).toEqual({ milestoneKey: 'p1-call-1', done: true });
    await expect.poll(() => page.getByLabel('First video call: meet our link class').isChecked()).toBe(true);
    await expectAccessible(page, "the link's year plan");
  });
});
