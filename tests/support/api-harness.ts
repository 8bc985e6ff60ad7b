// An in-process Linkroom HTTP API on a test database, and a cookie-keeping client.
import { Refusal } from '../../server/errors/refusal.js';
import { ExchangeFileStore } from '../../server/exchange/file-store.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Types } from 'mongoose';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { Mail, Mailer } from '../../server/accounts/mailer.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { modelsFor, type Models } from '../../server/db/models.js';
import { createApp } from '../../server/http/app.js';
import type { AppContext } from '../../server/app-context.js';
import { SafeguardingLog } from '../../server/safeguarding/safeguarding-log.js';
import { SfuRoomRegistry } from '../../server/sfu/room-registry.js';
import { WorkerPool } from '../../server/sfu/worker-pool.js';
import { MatchingRunner } from '../../server/matching/run-matching.js';
import { useTestDatabase } from './test-database.js';

export interface ApiHarness {
  baseUrl: string;
  app: Express;
  ctx: AppContext;
  models: Models;
  log: SafeguardingLog;
  /** Mail the server sent (no SMTP in tests: the outbound edge is captured). */
  mails: Mail[];
  client(): ApiClient;
  createUser(
    email: string,
    grants: { role: string; programmeId: Types.ObjectId | string; schoolId?: Types.ObjectId | string }[],
    password?: string,
  ): Promise<string>;
}

export const TEST_PASSWORD = 'correct horse battery staple';

export function useApi(label: string, overrides: Partial<AppContext['config']> = {}): () => ApiHarness {
  const db = useTestDatabase(label);
  let harness: ApiHarness | undefined;
  let server: Server;
  let pool: WorkerPool;
  let matching: MatchingRunner | undefined;
  beforeAll(async () => {
    const connection = db.connection();
    const models = await modelsFor(connection);
    const log = new SafeguardingLog(connection);
    const mails: Mail[] = [];
    const mailer: Mailer = { configured: false, send: async (m) => void mails.push(m) };
    const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    pool = await WorkerPool.start({ size: 1, logger });
    const rooms = new SfuRoomRegistry(pool);
    matching = new MatchingRunner();
    const ctx: AppContext = {
      nodeId: 'test-node',
      models,
      log,
      rooms,
      matching,
      mailer,
      logger,
      files: new ExchangeFileStore(connection.db!),
      // No realtime layer here: a test that needs live class devices answers for it.
      live: {
        disconnectUser: () => undefined,
        deviceByRejoinToken: () => Promise.resolve(undefined),
        // No calls run here: every code is one that opens none.
        callOfCode: () => Promise.reject(new Refusal(404, 'bad-code', 'That code does not open a call. Check it with your teacher.')),
      },
      config: {
        env: 'test',
        publicUrl: 'http://linkroom.test',
        sessionTtlMs: 3_600_000,
        loginAttemptsPer15Min: 1000,
        demo: false,
        trustProxy: false,
        ...overrides,
      },
    };
    const app = createApp({
      ctx,
      logger,
      clientDist: '/nonexistent',
      health: { db: async () => ({ ok: true, kind: 'unknown', version: null }), sfu: () => pool.stats(), version: 'test' },
    });
    server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    harness = {
      baseUrl,
      app,
      ctx,
      models,
      log,
      mails,
      client: () => new ApiClient(baseUrl),
      async createUser(email, grants, password = TEST_PASSWORD) {
        const user = await models.User.create({ email, name: email.split('@')[0], passwordHash: await hashPassword(password), grants });
        return user.id;
      },
    };
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    pool?.close();
    await matching?.close();
  });
  return () => {
    if (!harness) throw new Error('API not started yet');
    return harness;
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Keeps the session cookie and sends the CSRF token, as the browser client does. */
export class ApiClient {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, opts: { csrf?: boolean } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && opts.csrf !== false) headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await res.text();
    // Non-JSON answers (exports) come back as their text.
    const parsed = !text ? undefined : res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    if (parsed?.csrfToken) this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** A multipart upload of one file (as the browser's FormData sends it). */
  async upload<T = any>(
    path: string,
    file: Blob,
    name: string,
    fields: Record<string, string> = {},
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, name);
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}), ...headers },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  /** A binary download (a file of the exchange). */
  async bytes(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers } });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  patch = <T = any>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  put = <T = any>(path: string, body: unknown) => this.request<T>('PUT', path, body);

  async login(email: string, password = TEST_PASSWORD): Promise<ApiResponse> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
}

/** Every `METHOD /path` the app serves, from express's router (one level of mounted routers). */
export function listRoutes(app: Express): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.push(`${m.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, '/api');
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(out)].sort();
}
