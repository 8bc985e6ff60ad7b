// Debian's Chromium, driven by playwright-core (never a downloaded browser), with a fake
// camera and microphone and WebRTC on loopback.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
