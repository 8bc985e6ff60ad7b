// A link teacher logs in through the real page and records progress on their link's year plan.
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { connectMongoose } from '../../server/db/database.js';
import { modelsFor, type Models } from '../../server/db/models.js';
import '../support/provided.js';

const PASSWORD = 'a classroom-safe password';

describe('logging in and recording progress', () => {
  let browser: Browser;
  let page: Page;
  let connection: Connection;
  let models: Models;
  const linkId = new Types.ObjectId();
  const email = `teacher.${Date.now()}@example.test`;

  beforeAll(async () => {
    const uri = new URL(inject('appDbUri'));
    const dbName = uri.pathname.slice(1);
    uri.pathname = '/';
    connection = await connectMongoose(uri.toString(), dbName);
    models = await modelsFor(connection);
    const programmeId = new Types.ObjectId();
    const [a, b] = [new Types.ObjectId(), new Types.ObjectId()];
    await models.Programme.create({ _id: programmeId, name: 'E2E Linking 2025-26', localAuthority: 'Testshire', academicYear: '2025-26', retention: DEFAULT_RETENTION, plan: SCHOOLS_LINKING_TEMPLATE });
    await models.School.create([
      { _id: a, programmeId, name: 'Rowan Primary', postcode: 'ZZ1 1AA' },
      { _id: b, programmeId, name: 'Sycamore Primary', postcode: 'ZZ1 1AB' },
    ]);
    const teacher = await models.User.create({ email, name: 'Mr Rowan', passwordHash: await hashPassword(PASSWORD), grants: [{ role: 'teacher', programmeId, schoolId: a }] });
    const [ca, cb] = await models.Class.create([
      { programmeId, schoolId: a, name: '4R', yearGroup: 'Y4', pupilCount: 28, teacherIds: [teacher._id] },
      { programmeId, schoolId: b, name: '4S', yearGroup: 'Y4', pupilCount: 27 },
    ]);
    await models.Link.create({ _id: linkId, programmeId, classIds: [ca!._id, cb!._id], schoolIds: [a, b], status: 'confirmed' });

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
  });

  it('logs in and shows the teacher their link with the partner class by name', async () => {
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByRole('heading', { name: 'Links' }).waitFor();
    await expect.poll(() => page.getByTestId('link-card').first().textContent()).toContain('Sycamore Primary — 4S (Y4)');
  });

  it('records a milestone from the year plan, stored and logged on the server', async () => {
    await page.getByRole('button', { name: 'Year plan' }).click();
    await page.getByLabel('First video call: meet our link class').check();
    await expect.poll(async () => (await models.Link.findById(linkId))?.progress.map((p) => p.milestoneKey)).toEqual(['p1-call-1']);
    const logged = await connection.collection('safeguarding_log').findOne({ type: 'link.progress', 'scope.linkId': linkId.toString() });
    expect(logged?.payload).toEqual({ milestoneKey: 'p1-call-1', done: true });
    await expect.poll(() => page.getByLabel('First video call: meet our link class').isChecked()).toBe(true);
  });
});
