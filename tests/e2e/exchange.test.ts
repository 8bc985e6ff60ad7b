// The exchange wall in Chromium: a teacher drops two files (a progress bar each), the
// partner's teacher sees nothing until the sender approves, and a rejection needs a reason.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_PASSWORD, seedLinkWorld, type E2eWorld } from '../support/e2e-world.js';
import { jpegWithGps, png } from '../support/media-fixtures.js';
import { expectAccessible } from '../support/axe.js';
import '../support/provided.js';

const UI_TIMEOUT_MS = 20_000;

describe('the exchange wall', () => {
  let browser: Browser;
  let world: E2eWorld;
  const pages: Page[] = [];
  const files: string[] = [];

  async function teacherPage(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: inject('baseUrl') });
    const login = await context.request.post('/api/auth/login', { data: { email, password: E2E_PASSWORD } });
    expect(login.status()).toBe(200);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('exchange-link').first().click();
    await page.getByRole('heading', { name: 'On the wall' }).waitFor({ timeout: UI_TIMEOUT_MS });
    return page;
  }

  beforeAll(async () => {
    world = await seedLinkWorld(`exchange${Date.now()}`);
    browser = await chromium.connect(inject('browserWsEndpoint'));
    const dir = mkdtempSync(path.join(tmpdir(), 'lr-e2e-files-'));
    files.push(path.join(dir, 'our-playground.jpg'), path.join(dir, 'class-drawing.png'));
    writeFileSync(files[0]!, await jpegWithGps(800, 600));
    writeFileSync(files[1]!, await png(300, 200));
    pages.push(await teacherPage(world.schools[0]!.teacherEmail), await teacherPage(world.schools[1]!.teacherEmail));
  });
  afterAll(async () => {
    await browser?.close();
    await world?.connection.close();
  });

  it('uploads several dropped files with a progress bar each, then approves one and rejects the other with a reason', async () => {
    const [sender, partner] = pages as [Page, Page];
    await sender.getByTestId('upload-input').setInputFiles(files);
    await expect.poll(() => sender.getByTestId('upload-progress').count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
    await expect.poll(() => sender.locator('.upload-row.done').count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
    expect(await sender.getByTestId('upload-progress').evaluateAll((bars) => bars.map((b) => (b as HTMLProgressElement).value))).toEqual([1, 1]);
    await expect.poll(() => sender.getByTestId('exchange-item').count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
    // Nothing reaches the partner before the sender approves.
    await partner.reload();
    await partner.getByRole('heading', { name: 'On the wall' }).waitFor();
    expect(await partner.getByTestId('exchange-item').count()).toBe(0);

    const playground = sender.getByTestId('exchange-item').filter({ hasText: 'our-playground' });
    await playground.getByTestId('approve-button').click();
    await expect.poll(() => playground.getAttribute('data-status'), { timeout: UI_TIMEOUT_MS }).toBe('published');
    const drawing = sender.getByTestId('exchange-item').filter({ hasText: 'class-drawing' });
    await drawing.getByTestId('reject-button').click();
    await drawing.getByTestId('reason-input').fill('It shows a pupil’s full name');
    await drawing.getByTestId('reason-submit').click();
    await expect.poll(() => drawing.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Reason: It shows a pupil’s full name');
    await expectAccessible(sender, 'the exchange wall, with uploads, an approved and a rejected piece');

    await partner.reload();
    await expect.poll(() => partner.getByTestId('exchange-item').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    const seen = partner.getByTestId('exchange-item').first();
    expect(await seen.textContent()).toContain('our-playground');
    // The picture shown is the cleaned one.
    await expect.poll(() => seen.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
    await expectAccessible(partner, "the partner's exchange wall");
  });
});
