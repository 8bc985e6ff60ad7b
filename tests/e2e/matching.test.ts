// The coordinator's matching in Chromium: run it on twelve schools' forms, read the
// proposals with their reasons and the map, swap the partners of two links (locked), remove
// a pair and run again around them, confirm the links, and record a school's fee as paid.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoEois } from '../../server/programme/demo-eois.js';
import { E2E_PASSWORD, seedLinkWorld, type E2eWorld } from '../support/e2e-world.js';
import { expectAccessible } from '../support/axe.js';
import '../support/provided.js';

const UI_TIMEOUT_MS = 30_000;

describe("the coordinator's matching", () => {
  let browser: Browser;
  let world: E2eWorld;
  let page: Page;

  const proposalRow = (text: RegExp) => page.getByTestId('matching-proposal').filter({ hasText: text });
  /** Waits for a run started by a click to finish (its time is in the summary). */
  async function afterRun(click: () => Promise<void>): Promise<string> {
    const summary = page.getByTestId('matching-summary');
    const now = async () => ((await summary.count()) > 0 ? await summary.textContent() : '');
    const before = await now();
    await click();
    await expect.poll(now, { timeout: UI_TIMEOUT_MS }).not.toBe(before);
    await page
      .getByRole('status')
      .filter({ hasText: /Matching/ })
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    return (await page.getByTestId('matching-summary').textContent())!;
  }

  beforeAll(async () => {
    world = await seedLinkWorld(`matching${Date.now()}`);
    const link = (await world.models.Link.findById(world.linkId))!;
    await seedDemoEois(world.models, link.programmeId);
    const passwordHash = (await world.models.User.findOne({ email: world.schools[0]!.teacherEmail }))!.passwordHash;
    const email = `coordinator.${world.linkId.toString()}@example.test`;
    await world.models.User.create({ email, name: 'Cam Coordinator', passwordHash, grants: [{ role: 'coordinator', programmeId: link.programmeId }] });
    browser = await chromium.connect(inject('browserWsEndpoint'));
    const context = await browser.newContext({ baseURL: inject('baseUrl'), viewport: { width: 1400, height: 1000 } });
    expect((await context.request.post('/api/auth/login', { data: { email, password: E2E_PASSWORD } })).status()).toBe(200);
    page = await context.newPage();
    await page.goto('/');
  });
  afterAll(async () => {
    await browser?.close();
    await world?.connection.close();
  });

  it('proposes links with reasons and a map, and explains the class left out', async () => {
    const summary = await afterRun(() => page.getByTestId('matching-run').click());
    expect(summary).toContain('16 of 17 classes linked');
    expect(summary).toContain('proved optimal');
    expect(await page.getByTestId('matching-proposal').count()).toBe(8);
    expect(await proposalRow(/Upton Fold Primary/).textContent()).toContain('existing partners: both schools asked to keep their link');
    expect(await proposalRow(/Meadowbank Primary Y4 \(class 1\)/).textContent()).toContain("all 2 of Meadowbank Primary's Y4 classes with");
    expect(await page.getByTestId('matching-map').locator('line').count()).toBeGreaterThan(3);
    // Every school is named on the map itself (a tablet cannot hover), without "Primary".
    const labels = await page.getByTestId('matching-map').locator('text.map-label').allTextContents();
    expect(labels.length).toBeGreaterThan(3);
    expect(labels).toContain('Upton Fold');
    // The coordinator's long page has a menu of its sections.
    expect(await page.getByTestId('section-nav').getByRole('link').allTextContents()).toEqual(
      expect.arrayContaining(['Links', 'Matching', 'People and roles']),
    );
    expect(await page.getByTestId('matching-unmatched').textContent()).toContain('Yew Tree Primary Y3');
    await expectAccessible(page, "the coordinator's matching, with proposals and the map");
  });

  it('swaps the partners of two links, locks them, and runs again around them', async () => {
    await proposalRow(/Meadowbank Primary Y4 \(class 1\)/)
      .getByTestId('matching-swap-pick')
      .check();
    await proposalRow(/St Aidan’s RC Primary/)
      .getByTestId('matching-swap-pick')
      .check();
    await afterRun(() => page.getByTestId('matching-swap').click());
    const locked = page.getByRole('list', { name: 'Locked and removed pairs' });
    await expect.poll(() => locked.getByRole('listitem').count()).toBe(2);
    expect(await locked.textContent()).toMatch(/Locked: Meadowbank Primary Y4 \(class 1\) with St Aidan’s RC Primary Y4/);
    expect(await proposalRow(/Meadowbank Primary Y4 \(class 1\)/).textContent()).toContain('locked by the coordinator');
  });

  it('removes a pair and runs again without it', async () => {
    const row = proposalRow(/Queensway Primary Y5 \(class 1\)/);
    const partner = (await row.locator('td').nth(2).textContent())!.replace(/ Y5.*$/, '');
    await afterRun(() => row.getByTestId('matching-remove').click());
    expect(await page.getByRole('list', { name: 'Locked and removed pairs' }).textContent()).toContain('Removed: Queensway Primary Y5 (class 1)');
    expect(await page.getByTestId('matching-proposals').textContent()).not.toMatch(new RegExp(`Queensway Primary Y5 \\(class \\d\\)${partner}`));
  });

  it('confirms the proposals as links, and the fees become due', async () => {
    const count = await page.getByTestId('matching-proposal').count();
    await page.getByTestId('matching-confirm').click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'confirmed' }).textContent(), { timeout: UI_TIMEOUT_MS })
      .toContain(`${count} link${count === 1 ? '' : 's'} confirmed`);
    expect(await page.getByTestId('matching-proposals').getByText('confirmed', { exact: true }).count()).toBe(count);
    await expect.poll(() => page.getByTestId('impact').textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(new RegExp(`${1 + count}\\s*links confirmed`));
    await page.screenshot({ path: '/tmp/lr-matching.png', fullPage: true });
    const meadowbank = page.getByTestId('eoi-list').getByRole('row').filter({ hasText: 'Meadowbank Primary' });
    await expect.poll(() => meadowbank.getByTestId('eoi-fee').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('£100 due');
    await meadowbank.getByTestId('eoi-fee-paid').click();
    await expect.poll(() => meadowbank.getByTestId('eoi-fee').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('£100 paid');
    const links = await world.models.Link.countDocuments({ programmeId: (await world.models.Link.findById(world.linkId))!.programmeId, status: 'confirmed' });
    expect(links).toBe(1 + count);
  });

  it("records a school's location, profile and priority for the next run", async () => {
    const row = page.getByTestId('eoi-list').getByRole('row').filter({ hasText: 'Yew Tree Primary' });
    await row.getByTestId('eoi-edit').click();
    const details = page.getByTestId('eoi-details');
    await details.getByLabel('Latitude').fill('53.2');
    await details.getByLabel('Longitude').fill('-2.5');
    await details.getByLabel('Setting').selectOption('rural');
    await details.getByLabel('Deprivation band (1–5)').fill('2');
    await details.getByTestId('eoi-details-save').click();
    await expect.poll(() => row.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('rural');
    const stored = (await world.models.Eoi.findOne({ schoolName: 'Yew Tree Primary' }))!;
    expect([
      stored.location?.lat,
      stored.location?.lng,
      stored.profile?.setting,
      (stored.profile?.bands as Record<string, number>).deprivation,
      stored.priority,
    ]).toEqual([53.2, -2.5, 'rural', 2, true]);
  });
});
