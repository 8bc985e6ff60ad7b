// The express app: security headers, JSON only API, the built client, JSON errors.
import expressStaticGzip from 'express-static-gzip';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { loadSession, requireCsrf } from './auth.js';
import { httpLogSerializers } from './log-redaction.js';
import { trustFunction } from './client-address.js';
import { sourceHandler } from './source-route.js';
import type { AppContext } from '../app-context.js';
import { Refusal } from '../errors/refusal.js';
import { errorHandler } from './errors.js';
import { healthHandler, type HealthSources } from './health.js';
import { authRoutes } from './routes/auth.routes.js';
import { callRoutes } from './routes/call.routes.js';
import { exchangeRoutes } from './routes/exchange.routes.js';
import { invitationRoutes } from './routes/invitation.routes.js';
import { passwordResetRoutes } from './routes/password-reset.routes.js';
import { linkRoutes } from './routes/link.routes.js';
import { logRoutes } from './routes/log.routes.js';
import { programmeRoutes } from './routes/programme.routes.js';
import { userRoutes } from './routes/user.routes.js';
import { concernRoutes } from './routes/concern.routes.js';
import { reviewRoutes } from './routes/review.routes.js';
import { eoiFormRoutes } from './routes/eoi-form.routes.js';
import { eoiRoutes } from './routes/eoi.routes.js';
import { matchingRoutes } from './routes/matching.routes.js';
import { impactRoutes } from './routes/impact.routes.js';

const JSON_BODY_LIMIT = '100kb';

export interface AppDeps {
  ctx: AppContext;
  logger: Logger;
  health: HealthSources;
  clientDist: string;
  /** GET /metrics (Prometheus). */
  metrics?: RequestHandler;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // req.ip: the right-most address that is not a trusted proxy (TRUST_PROXY; none by default).
  app.set('trust proxy', trustFunction(deps.ctx.config.trustProxy));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Socket.IO connects back to this origin over WebSocket.
          connectSrc: ["'self'", 'ws:', 'wss:'],
          mediaSrc: ["'self'", 'blob:'],
          // Class devices show exchange pictures from blob URLs (fetched with their call token);
          // the whiteboard is drawn to a PNG through one.
          imgSrc: ["'self'", 'data:', 'blob:'],
          // Over plain HTTP (a trial on a LAN address) the browser must not be sent to https.
          upgradeInsecureRequests: deps.ctx.config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
    }),
  );
  app.use(pinoHttp({ logger: deps.logger.child({ part: 'http' }), serializers: httpLogSerializers, autoLogging: { ignore: (req) => req.url === '/healthz' } }));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.use(cookieParser());

  app.get('/healthz', healthHandler(deps.health));
  if (deps.metrics) app.get('/metrics', deps.metrics);
  app.get('/source', sourceHandler);

  app.use('/api', loadSession(deps.ctx), requireCsrf);
  for (const routes of [
    authRoutes,
    passwordResetRoutes,
    invitationRoutes,
    programmeRoutes,
    linkRoutes,
    callRoutes,
    exchangeRoutes,
    userRoutes,
    logRoutes,
    reviewRoutes,
    concernRoutes,
    eoiRoutes,
    eoiFormRoutes,
    matchingRoutes,
    impactRoutes,
  ]) {
    app.use('/api', routes(deps.ctx));
  }

  app.use('/api', (req) => {
    throw new Refusal(404, 'not-found', `no API route ${req.method} ${req.path}`);
  });

  if (existsSync(deps.clientDist)) {
    // Brotli or gzip files made by the build are sent as they are, to browsers that take them.
    // Hashed assets never change under their name: cached for a year; index.html never.
    app.use(
      expressStaticGzip(deps.clientDist, {
        index: false,
        enableBrotli: true,
        orderPreference: ['br', 'gz'],
        serveStatic: { setHeaders: (res, file) => res.setHeader('Cache-Control', cacheControlFor(file)) },
      }),
    );
    // Client-side routes (/call/:roomId, …) all load the single page.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.set('Cache-Control', 'no-cache').sendFile(path.join(deps.clientDist, 'index.html')));
  } else {
    deps.logger.warn({ clientDist: deps.clientDist }, 'client is not built; run `npm start` or `vite build`');
  }

  app.use(errorHandler);
  return app;
}

/** Vite names built assets by their content (`assets/name-<hash>.js`); anything else may change. */
export function cacheControlFor(file: string): string {
  return /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z0-9.]+$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
