// The built client as the shared e2e server sends it: brotli or gzip made at build time
// for browsers that take them, hashed assets cached for a year, the page itself never.
import { request } from 'node:http';
import { chromium, type Route } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import '../support/provided.js';

/** A raw GET (fetch would decode the body and hide how it came). */
function get(
  url: string,
  acceptEncoding: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: body.length, body: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the built client', () => {
  const baseUrl = inject('baseUrl');

  it('sends the page uncached and its hashed scripts precompressed, cached for a year', async () => {
    const page = await get(`${baseUrl}/join`, 'identity');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeTruthy();

    const plain = await get(`${baseUrl}${script}`, 'identity');
    const br = await get(`${baseUrl}${script}`, 'br, gzip');
    const gz = await get(`${baseUrl}${script}`, 'gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    for (const r of [plain, br, gz]) {
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(String(r.headers['content-type'])).toMatch(/javascript/);
      expect(String(r.headers.vary)).toMatch(/accept-encoding/i);
    }
    expect(br.bytes).toBeLessThan(gz.bytes);
    expect(gz.bytes).toBeLessThan(plain.bytes / 2);
    console.info(`main script: ${plain.bytes} bytes, ${gz.bytes} gzip, ${br.bytes} brotli`);
  });

  it('shows the join form after at most 90 KB of JavaScript (as sent), the call code fetched afterwards', async () => {
    const browser = await chromium.connect(inject('browserWsEndpoint'));
    try {
      const page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
      // What crossed the network, as Chromium counts it: compressed bytes of each script.
      const sent = new Map<string, number>();
      page.on('requestfinished', (req) => {
        if (!req.url().endsWith('.js')) return;
        req.sizes().then(
          (s) => sent.set(req.url(), s.responseBodySize),
          () => undefined,
        );
      });
      // The call's own code is held back: the form must be usable without it.
      const held: Route[] = [];
      await page.route(/\/assets\/(DeviceCall|use-call-session)-[^/]+\.js$/, (route) => void held.push(route));
      await page.goto('/join');
      await page.getByTestId('join-code').waitFor();
      await page.waitForTimeout(300); // the last sizes are read
      const beforeForm = [...sent.values()].reduce((a, b) => a + b, 0);
      console.info(
        `JavaScript before the join form was usable: ${beforeForm} bytes in ${sent.size} files: ${[...sent].map(([u, b]) => `${u.split('/').pop()} ${b}`).join(', ')}`,
      );
      expect(beforeForm).toBeLessThanOrEqual(90 * 1024);
      // The call's code is asked for as soon as the class starts typing.
      expect(held).toEqual([]);
      await page.getByTestId('join-code').fill('ACDEFG');
      await expect.poll(() => held.map((r) => r.request().url()).some((u) => u.includes('/DeviceCall-')), { timeout: 10_000 }).toBe(true);
      for (const r of held) await r.continue();
    } finally {
      await browser.close();
    }
  });
});
