// The built client as the shared e2e server sends it: brotli or gzip made at build time
// for browsers that take them, hashed assets cached for a year, the page itself never.
import { request } from 'node:http';
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
});
