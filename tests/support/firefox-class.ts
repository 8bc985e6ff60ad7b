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
    }));
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
