import { INestApplication } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import helmet from 'helmet';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const WINDOW_MS = 60_000;

/** Reads one variable by name; the reviewer app's variables belong to review's environment class alone. */
export type SettingReader = (key: string) => string | undefined;

/** Origins the reviewer app (served by review) fetches from: the other services and the identity provider. */
function connectSources(read: SettingReader): string[] {
  const urls = ['REVIEW_UI_ROUTER_URL', 'REVIEW_UI_FEEDBACK_URL', 'REVIEW_UI_AUDIT_URL', 'REVIEW_UI_OIDC_ISSUER']
    .map(read)
    .concat(...(read('CSP_CONNECT_SRC')?.split(/[\s,]+/) ?? []));
  const origins = urls.flatMap((url) => {
    try {
      return url ? [new URL(url).origin] : [];
    } catch {
      return [];
    }
  });
  return [...new Set(origins)];
}

/**
 * Security headers on every answer (helmet): a Content-Security-Policy that lets the reviewer app load only its own
 * files and talk only to the Countersign services and the identity provider, and never be framed (frame-ancestors
 * 'none', X-Frame-Options DENY); no MIME sniffing, no referrer leaks, HSTS.
 */
export function applySecurityHeaders(app: INestApplication, read: SettingReader): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          // Swagger UI (/docs) and the charts set inline styles; no inline script is allowed anywhere.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'", ...connectSources(read)],
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'", ...connectSources(read)],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
}

/** The request as Express and Fastify's middleware (@fastify/middie) both hand it over: Node's, with the URL as sent. */
type NodeRequest = IncomingMessage & { originalUrl?: string };

/** Who is calling, for the limit: the bearer token when there is one (one user), else the address (no proxy trusted). */
function callerKey(request: NodeRequest): string {
  const authorization = request.headers.authorization;
  if (authorization) return `token:${createHash('sha256').update(authorization).digest('base64url').slice(0, 22)}`;
  return `ip:${request.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * A limit per caller on every request to the service (HTTP_RATE_LIMIT per minute; 0 switches it off), before
 * authentication so that floods of bad tokens are limited too: 429 with Retry-After (seconds). The counts live in
 * @nestjs/throttler's storage; a route may add a tighter limit of its own (review's writes per reviewer).
 */
export function applyRateLimit(app: INestApplication, limit: number): void {
  if (!Number.isFinite(limit) || limit <= 0) return;
  const storage = new ThrottlerStorageService();
  app.getHttpServer().on('close', () => storage.onApplicationShutdown());
  // Node's request and response, not Express's: the same middleware runs under Fastify (review).
  app.use(async (request: NodeRequest, response: ServerResponse, next: (error?: unknown) => void) => {
    const path = (request.originalUrl ?? request.url ?? '/').split('?', 1)[0];
    if (path === '/health' || path.startsWith('/health/')) return next();
    try {
      // A sliding window of one minute, no extra block: a caller over the limit may go on as its oldest hits expire.
      const record = await storage.increment(callerKey(request), WINDOW_MS, limit, 0, 'http');
      response.setHeader('RateLimit-Limit', String(limit));
      response.setHeader('RateLimit-Remaining', String(Math.max(0, limit - record.totalHits)));
      if (!record.isBlocked) return next();
      const retryAfter = Math.max(1, Math.ceil(record.timeToBlockExpire));
      response.setHeader('Retry-After', String(retryAfter));
      response.statusCode = 429;
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.end(
        JSON.stringify({
          statusCode: 429,
          error: 'Too Many Requests',
          message: `rate limit of ${limit} requests a minute exceeded; retry after ${retryAfter} s`,
        }),
      );
    } catch (error) {
      next(error);
    }
  });
}
