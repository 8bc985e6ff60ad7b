// Debian packages Linkroom needs on the machine.
import { spawnSync } from 'node:child_process';
import { ProvisionError, isRoot, run } from './step.mjs';

/** Build tools and the libraries the mediasoup worker links dynamically (keep them installed). */
export const WORKER_PACKAGES = ['build-essential', 'pkg-config', 'libssl-dev', 'libuv1-dev', 'libflatbuffers-dev', 'flatbuffers-compiler', 'libsrtp2-dev'];
/** LEMON's matching headers, for the matching engine (scripts/provision/matching-engine.mjs). */
export const MATCHING_PACKAGES = ['liblemon-dev'];
/** Headless browsers for the end-to-end tests, a firewall and a TURN relay for the school-network
 * tests, Redis and HAProxy for the several-nodes tests; ffmpeg remuxes exchanged audio/video; DejaVu
 * fonts let evidence PDFs show the accents and scripts pupils and teachers write in. */
export const TEST_PACKAGES = ['chromium', 'firefox-esr', 'nftables', 'coturn', 'redis-server', 'haproxy'];
export const MEDIA_PACKAGES = ['ffmpeg', 'fonts-dejavu-core'];

function missing(packages) {
  return packages.filter((name) => {
    const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return res.status !== 0 || !res.stdout.includes('install ok installed');
  });
}

/** Installs what is missing when root; otherwise names the exact command. */
export function ensureDebianPackages(packages) {
  const absent = missing(packages);
  if (absent.length === 0) return 'all present';
  const cmd = `apt-get update && apt-get install -y ${absent.join(' ')}`;
  if (!isRoot()) {
    throw new ProvisionError('debian packages', `missing: ${absent.join(' ')}`, `run as root: ${cmd}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const fix = `check the apt sources, then run: ${cmd}`;
  run('debian packages', 'apt-get', ['update', '-q'], { env, fix, quiet: true });
  run('debian packages', 'apt-get', ['install', '-y', '-q', ...absent], { env, fix, quiet: true });
  return `installed ${absent.join(' ')}`;
}
