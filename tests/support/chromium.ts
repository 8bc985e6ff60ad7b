// Debian's Chromium, driven by playwright-core (never a downloaded browser), with a fake
// camera and microphone and WebRTC on loopback.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The fake microphone's sound: a 220 Hz tone swelling and fading three times a second, at
 * speech level, looped. Chromium's own fake sound is a short beep a second, which the SFU's
 * averaged speaker detection catches only now and then on a busy machine. Made with
 * `ffmpeg -f lavfi -i "aevalsrc='0.4*sin(2*PI*220*t)*(0.55+0.45*sin(2*PI*3*t))':s=16000:d=2" -ac 1 -c:a pcm_s16le`.
 */
export const FAKE_VOICE_WAV = fileURLToPath(new URL('../fixtures/class-voice.wav', import.meta.url));
/**
 * For the e2e suite and bench:network (whose audio figures need sound to conceal), not for
 * bench:join: encoding sound all the time in every page slows joins on two cores (p50 admit →
 * frame 810 → 1214 ms), and the bare mediasoup page it is compared with sends none.
 */
export const FAKE_VOICE_ARG = `--use-file-for-fake-audio-capture=${FAKE_VOICE_WAV}`;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run \`npm run provision\` (installs Debian's chromium) or set CHROMIUM_PATH`);
  }
}

/** The priority of a favoured browser's processes (benches: a page that stands for a laptop of its own). */
export const FAVOURED_NICE = -10;

/**
 * A Chromium whose processes (and the renderers they start later) run at a higher priority:
 * for benches, the page measured stands for a laptop of its own, while the other
 * participants' pages, which would be on other machines, share these two cores with it.
 */
export async function launchFavoured(args: string[]): Promise<Browser> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args, headless: true });
  const pids = [server.process().pid!];
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of table) if (ppid === pids[i]) pids.push(pid);
  execFileSync('renice', ['-n', String(FAVOURED_NICE), '-p', ...pids.map(String)], { stdio: 'ignore' });
  const browser = await chromium.connect(server.wsEndpoint());
  browser.on('disconnected', () => void server.close());
  return browser;
}
