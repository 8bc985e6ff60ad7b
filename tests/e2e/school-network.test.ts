// A class joining from a school's network, built by the test in a network namespace
// (school-network.ts): open, with UDP blocked (ICE over TCP on the one media port), and with
// UDP and the media port blocked (TURN over TLS). Its own server (media and TURN on the
// namespace link's address) and its own two Chromiums: teachers and the partner class on
// the machine, the class under test inside the school's network.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { startLinkroom, type Linkroom } from '../../server/linkroom.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { E2E_PASSWORD, seedLinkWorld, type E2eWorld } from '../support/e2e-world.js';
import { freePortsInARow } from '../support/free-ports.js';
import '../support/provided.js';
import { buildSchoolNetwork, type SchoolNetwork } from '../support/school-network.js';

const UI_TIMEOUT_MS = 30_000;
const FIRST_FRAME_TIMEOUT_MS = 30_000;
/** The browser reports its path again 10 s after connecting (media-session.ts). */
const ROUTE_SETTLED_TIMEOUT_MS = 20_000;

interface TransportView {
  peerId: string;
  iceState: string;
  protocol: string | null;
  candidateType: string | null;
  route: string | null;
}

async function framesDecoded(page: Page): Promise<number> {
  const stats = await page.evaluate(() => window.__linkroomDebug?.inboundVideoStats() ?? []);
  return stats.reduce((sum, s) => sum + s.framesDecoded, 0);
}

describe('a class on a strict school network', () => {
  let net: SchoolNetwork;
  let server: Linkroom;
  let world: E2eWorld;
  let machine: Browser;
  let school: Browser;
  let baseUrl = '';
  let callId = '';
  let codes: { classId: string; code: string }[] = [];
  let teachers: { context: BrowserContext; page: Page }[] = [];
  let mediaPort = 0;
  let turnPort = 0;
  let turnTlsPort = 0;
  const firstFrameMs: Record<string, number> = {};

  beforeAll(async () => {
    net = buildSchoolNetwork(CHROMIUM_PATH);
    const dir = mkdtempSync(path.join(tmpdir(), 'linkroom-school-server-'));
    // TURN over TLS needs a certificate for the server's address; a school's browser would
    // check it against a real CA, this one is told to accept a test's own.
    const [cert, key] = [path.join(dir, 'turn.crt'), path.join(dir, 'turn.key')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${net.serverIp}`,
        '-addext',
        `subjectAltName=IP:${net.serverIp}`,
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    mediaPort = await freePortsInARow(1);
    turnPort = await freePortsInARow(1);
    turnTlsPort = await freePortsInARow(1);
    const relayMin = await freePortsInARow(20);
    const dbUri = `${inject('mongoUri')}linkroom_school_${process.pid}`;
    server = await startLinkroom(
      loadConfig({
        ...process.env,
        NODE_ENV: 'test',
        HOST: net.serverIp,
        PORT: '0',
        MONGODB_URI: dbUri,
        SFU_WORKERS: '1',
        RTC_LISTEN_IP: net.serverIp,
        RTC_PORT: String(mediaPort),
        TURN_SERVER: 'child',
        TURN_SECRET: randomBytes(24).toString('base64url'),
        TURN_PORT: String(turnPort),
        TURN_TLS_PORT: String(turnTlsPort),
        TURN_TLS_CERT: cert,
        TURN_TLS_KEY: key,
        TURN_RELAY_MIN_PORT: String(relayMin),
        TURN_RELAY_MAX_PORT: String(relayMin + 19),
        DATA_DIR: dir,
        CLIENT_DIST: path.resolve('dist/client'),
      }),
      pino({ level: process.env.E2E_LOG_LEVEL ?? 'warn' }),
    );
    baseUrl = `http://${net.serverIp}:${server.port}`;
    world = await seedLinkWorld(`school${Date.now()}`, dbUri);
    // Plain http on a private address: both browsers treat the server as secure, as a
    // school's would treat the real server's https.
    const args = [...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${baseUrl}`, '--ignore-certificate-errors'];
    machine = await chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true });
    school = await chromium.launch({ executablePath: net.chromiumPath, args, headless: true });

    teachers = [];
    for (const s of world.schools) {
      const context = await machine.newContext({ baseURL: baseUrl });
      const login = await context.request.post('/api/auth/login', { data: { email: s.teacherEmail, password: E2E_PASSWORD } });
      expect(login.status()).toBe(200);
      teachers.push({ context, page: await context.newPage() });
      if (teachers.length === 1) {
        const csrf = (await login.json()).csrfToken as string;
        const started = await context.request.post(`/api/links/${world.linkId}/calls`, { data: {}, headers: { 'x-csrf-token': csrf } });
        expect(started.status()).toBe(201);
        ({ id: callId, devices: codes } = await started.json());
      }
    }
    for (const t of teachers) await t.page.goto(`/calls/${callId}`);
    // The partner class (4R) joins from the machine itself, on an open network.
    const partner = await (await machine.newContext({ baseURL: baseUrl })).newPage();
    await joinAndAdmit(partner, 0, 'Class 4R');
  }, 120_000);

  afterAll(async () => {
    console.info(`[school network] admit → first remote frame: ${JSON.stringify(firstFrameMs)}`);
    await school?.close();
    await machine?.close();
    await world?.connection.dropDatabase().catch(() => undefined);
    await world?.connection.close();
    await server?.close();
    net?.close();
  });

  const codeOf = (i: number) => codes.find((c) => c.classId === world.schools[i]!.classId.toString())!.code;
  const media = async () => (await teachers[0]!.context.request.get(`/api/calls/${callId}/media`)).json() as Promise<{ transports: TransportView[] }>;

  /** Joins class `i` on `page` and has its teacher admit it; resolves at the admission click. */
  async function joinAndAdmit(page: Page, i: number, name: string): Promise<number> {
    await page.goto('/join');
    await page.getByTestId('join-code').fill(codeOf(i));
    await page.getByTestId('join-name').fill(name);
    await page.getByTestId('join-submit').click();
    await page.getByTestId('lobby-waiting').waitFor({ timeout: UI_TIMEOUT_MS });
    const entry = teachers[i]!.page.getByTestId('lobby-entry').filter({ hasText: name });
    await entry.getByTestId('admit-button').click({ timeout: UI_TIMEOUT_MS });
    return Date.now();
  }

  /** The school's class joins anew through today's firewall; returns its peer's transports. */
  async function schoolClassJoins(label: string, route: 'udp' | 'tcp' | 'relay'): Promise<{ page: Page; transports: TransportView[] }> {
    const context = await school.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    const admitted = await joinAndAdmit(page, 1, `Class 4S ${label}`);
    await expect.poll(() => framesDecoded(page), { timeout: FIRST_FRAME_TIMEOUT_MS, interval: 100 }).toBeGreaterThan(0);
    firstFrameMs[label] = Date.now() - admitted;
    const peerId = await page.evaluate(() => window.__linkroomDebug?.peerId());
    // The browser settles on its best pair within seconds: the route the server reports then.
    let transports: TransportView[] = [];
    await expect
      .poll(
        async () => {
          transports = (await media()).transports.filter((t) => t.peerId === peerId);
          return transports.length === 2 && transports.every((t) => t.route === route);
        },
        { timeout: ROUTE_SETTLED_TIMEOUT_MS },
      )
      .toBe(true)
      .catch((err: unknown) => {
        throw new Error(`expected both transports on ${route}, got ${JSON.stringify(transports)}`, { cause: err });
      });
    return { page, transports };
  }

  async function leave(page: Page) {
    await page.context().close();
  }

  it('connects over UDP on an open network', async () => {
    net.setFirewall({});
    const { page, transports } = await schoolClassJoins('open', 'udp');
    for (const t of transports) expect(t).toMatchObject({ protocol: 'udp', candidateType: 'host', iceState: expect.stringMatching(/connected|completed/) });
    await leave(page);
  });

  it('connects over TCP on the one media port when the school blocks UDP and lets only that port out', async () => {
    net.setFirewall({ udp: true, tcpPorts: [turnPort, turnTlsPort] });
    const { page, transports } = await schoolClassJoins('udp-blocked', 'tcp');
    // Chrome's side of a TCP pair is an active candidate it learns as it connects (prflx).
    for (const t of transports) expect(t.candidateType).not.toBe('relay');
    await leave(page);
  });

  it('connects through the TURN relay over TLS when UDP and the media port are blocked too', async () => {
    net.setFirewall({ udp: true, tcpPorts: [mediaPort, turnPort] });
    const { page } = await schoolClassJoins('turn-tls', 'relay');
    expect(await page.evaluate(() => window.__linkroomDebug?.selectedCandidateTypes())).toEqual(['relay', 'relay']);
    await leave(page);
  });
});
