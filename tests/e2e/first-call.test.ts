// Two Chromium pages in one room see each other through the real SFU.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../support/provided.js';

const FRAME_GROWTH_WINDOW_MS = 2_000;

async function inboundFrames(page: Page): Promise<number> {
  const stats = await page.evaluate(() => window.__linkroomDebug?.inboundVideoStats() ?? []);
  return stats.reduce((sum, s) => sum + s.framesDecoded, 0);
}

describe('the first call: two pages, one room', () => {
  let browser: Browser;
  const pages: Page[] = [];
  const roomId = `e2e-first-${Date.now()}`;
  const baseUrl = inject('baseUrl');

  beforeAll(async () => {
    browser = await chromium.connect(inject('browserWsEndpoint'));
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${baseUrl}/call/${roomId}`);
      pages.push(page);
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows each page its own camera', async () => {
    for (const page of pages) {
      await page.getByTestId('local-video').waitFor();
      await expect.poll(() => page.getByTestId('local-video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    }
  });

  it("shows each page the other's video, decoding frames continuously", async () => {
    for (const page of pages) {
      const remote = page.getByTestId('remote-video');
      await remote.waitFor({ timeout: 20_000 });
      await expect.poll(() => remote.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 20_000 }).toBeGreaterThan(0);
      const before = await inboundFrames(page);
      await page.waitForTimeout(FRAME_GROWTH_WINDOW_MS);
      const after = await inboundFrames(page);
      expect(after).toBeGreaterThan(before);
    }
  });

  it('has the server forwarding 2 video producers to 2 video consumers', async () => {
    const res = await fetch(`${baseUrl}/api/rooms/${roomId}/media`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ roomId, peers: 2, producers: { video: 2, audio: 2 }, consumers: { video: 2, audio: 2 } });
  });

  it('removes a page that leaves from the other page and from the server', async () => {
    await pages[1]!.context().close();
    await expect.poll(() => pages[0]!.getByTestId('remote-video').count(), { timeout: 10_000 }).toBe(0);
    const body = await (await fetch(`${baseUrl}/api/rooms/${roomId}/media`)).json();
    expect(body).toMatchObject({ peers: 1, producers: { video: 1 }, consumers: { video: 0 } });
  });
});
