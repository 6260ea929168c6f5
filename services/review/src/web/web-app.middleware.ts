import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import serveStatic from 'serve-static';
import { servesWebApp } from './web-app-paths';
import { TypedConfig } from '@countersign/platform';
import { ReviewEnvironment } from '../review-environment';

/** What the browser app needs to know that only the deployment knows: where the other services answer. */
export interface UiConfig {
  routerUrl: string;
  feedbackUrl: string;
  auditUrl: string;
  /** The OpenID provider reviewers sign in with (Authorization Code + PKCE), when configured. */
  oidc?: { issuer: string; clientId: string; scope: string; renewSecondsBeforeExpiry: number };
  /** Whether the app offers pasting a token: without an OIDC issuer, or in development mode (minted tokens). */
  tokenSignIn: boolean;
}

function oidcSignIn(config: TypedConfig<ReviewEnvironment>): Pick<UiConfig, 'oidc' | 'tokenSignIn'> {
  const issuer = config.get('REVIEW_UI_OIDC_ISSUER');
  const development = config.get('COUNTERSIGN_DEVELOPMENT') === 'true';
  if (!issuer) return { tokenSignIn: true };
  return {
    oidc: {
      issuer,
      clientId: config.get('REVIEW_UI_OIDC_CLIENT_ID'),
      scope: config.get('REVIEW_UI_OIDC_SCOPE'),
      renewSecondsBeforeExpiry: config.get('REVIEW_UI_OIDC_RENEW_SECONDS'),
    },
    tokenSignIn: development,
  };
}

/**
 * Serves the built reviewer app from REVIEW_WEB_DIR. Runs before authentication: the app's files are public, the
 * data they fetch is not. Paths of the API, OpenAPI, health and metrics always pass through to their handlers.
 */
@Injectable()
export class WebAppMiddleware implements NestMiddleware {
  private readonly files?: ReturnType<typeof serveStatic>;
  private readonly indexHtml?: string;
  private readonly ui: UiConfig;

  constructor(config: TypedConfig<ReviewEnvironment>) {
    this.ui = {
      routerUrl: config.get('REVIEW_UI_ROUTER_URL'),
      feedbackUrl: config.get('REVIEW_UI_FEEDBACK_URL'),
      auditUrl: config.get('REVIEW_UI_AUDIT_URL'),
      ...oidcSignIn(config),
    };
    const root = resolve(config.get('REVIEW_WEB_DIR'));
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      new Logger('WebApp').warn({ msg: 'reviewer web app not built; / is not served (npm run build)', dir: root });
      return;
    }
    this.indexHtml = readFileSync(index, 'utf8');
    // Hashed asset names never change content: cache them for a year; index.html is sent below, never cached.
    this.files = serveStatic(root, { index: false, immutable: true, maxAge: '365d', fallthrough: true });
  }

  // Node's own request and response: Express's and Fastify's (through middie) middleware both get these.
  use(
    request: IncomingMessage & { originalUrl?: string },
    response: ServerResponse,
    next: (error?: unknown) => void,
  ): void {
    const path = (request.originalUrl ?? request.url ?? '/').split('?', 1)[0];
    if (!servesWebApp(path)) return next();
    if (path === '/config.json') {
      response.setHeader('cache-control', 'no-store');
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.end(JSON.stringify(this.ui));
      return;
    }
    const { files, indexHtml } = this;
    if (!files || indexHtml === undefined) return next();
    // @fastify/middie hands a middleware the URL after the part its route matched ('/' for this catch-all route);
    // the file to serve is named by the whole path, as Express hands it over.
    request.url = request.originalUrl ?? request.url;
    files(request, response, () => {
      // A missing asset is a 404, not the app: only page paths (no file extension) fall back to index.html.
      if (/\.[a-z0-9]+$/i.test(path)) return next();
      response.setHeader('cache-control', 'no-cache');
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(indexHtml);
    });
  }
}
