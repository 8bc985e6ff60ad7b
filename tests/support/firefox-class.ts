// A class device in Firefox ESR, driven over WebDriver BiDi (puppeteer-core), run inside the
// school's network namespace by school-network.test.ts (`ip netns exec … node`), so that
// Firefox's own loopback (where its BiDi socket listens) and its network are the school's.
// Reads commands from stdin, one per line; answers one JSON line each on stdout.
import { createInterface } from 'node:readline';
import puppeteer, { type Page } from 'puppeteer-core';

const [baseUrl = '', executablePath = '/usr/bin/firefox-esr'] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath,
  headless: true,
  protocol: 'webDriverBiDi',
  extraPrefsFirefox: {
    // A fake camera and microphone, no prompt; the test's plain-http server counts as secure.
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    'media.devices.insecure.enabled': true,
    'media.getusermedia.insecure.enabled': true,
    'media.autoplay.default': 0,
  },
});
const page: Page = await browser.newPage();
// The page's own errors, for E2E_LOG_LEVEL runs (the test prints this process's stderr then).
page.on('pageerror', (e) => process.stderr.write(`[firefox page error] ${String(e)}\n`));
async function openBoard(): Promise<void> {
  if (!(await page.$('[data-testid="whiteboard"]'))) await page.locator('[data-testid="wb-toggle"]').click();
  // Read-only until the board's state has arrived over its socket.
  await page.waitForSelector('[data-testid="whiteboard"]:not(.read-only)', { timeout: 30_000 });
}
const answer = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

const commands: Record<string, (arg: string) => Promise<unknown>> = {
  async join(arg) {
    const { code, name } = JSON.parse(arg) as { code: string; name: string };
    await page.goto(`${baseUrl}/join`);
    await page.locator('[data-testid="join-code"]').fill(code);
    await page.locator('[data-testid="join-name"]').fill(name);
    await page.locator('[data-testid="join-submit"]').click();
    await page.waitForSelector('[data-testid="lobby-waiting"]', { timeout: 30_000 });
    return { lobby: true };
  },
  async media() {
    return page.evaluate(async () => ({
      widths: [...document.querySelectorAll<HTMLVideoElement>('[data-testid="remote-video"]')].map((v) => v.videoWidth),
      framesDecoded: ((await window.__linkroomDebug?.inboundVideoStats()) ?? []).reduce((n, s) => n + s.framesDecoded, 0),
      audio: (await window.__linkroomDebug?.inboundAudioStats()) ?? null,
      peerId: window.__linkroomDebug?.peerId() ?? null,
      joinSteps: Object.keys(window.__linkroomDebug?.joinSteps() ?? {}),
    }));
  },
  /** Opens the board (if shut), takes the pen and draws one stroke across it. */
  async draw() {
    await openBoard();
    await page.locator('[data-testid="wb-tool-pen"]').click();
    const board = (await page.waitForSelector('[data-testid="whiteboard"]'))!;
    await board.scrollIntoView();
    const box = (await board.boundingBox())!;
    const y = box.y + Math.min(box.height * 0.3, 200);
    await page.mouse.move(box.x + box.width * 0.2, y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.2 + i * 0.03), y + Math.sin(i / 2) * 40);
    await page.mouse.up();
    return { drawn: true };
  },
  async strokes() {
    await openBoard();
    return { strokes: await page.$$eval('[data-testid="wb-element"][data-kind="stroke"]', (els) => els.length) };
  },
  /** Opens the class's exchange wall and sends it a file; answers with the upload's last words. */
  async upload(file) {
    if (!(await page.$('[data-testid="upload-input"]'))) await page.locator('[data-testid="device-exchange-toggle"]').click();
    const input = (await page.waitForSelector('[data-testid="upload-input"]'))!;
    await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(file);
    const done = await page.waitForSelector('.upload-row.done, .upload-row.failed', { timeout: 30_000 });
    return { state: await done!.evaluate((row) => row.textContent) };
  },
  async close() {
    await browser.close();
    return { closed: true };
  },
};

answer({ ready: true, version: await browser.version() });
for await (const line of createInterface({ input: process.stdin })) {
  const [name = '', ...rest] = line.split(' ');
  try {
    answer({ ok: true, result: await commands[name]!(rest.join(' ')) });
  } catch (err) {
    answer({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
  if (name === 'close') break;
}
