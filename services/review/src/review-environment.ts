import { AuthEnvironment } from '@countersign/auth';
import { DevelopmentDefault } from '@countersign/platform';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';

export class ReviewEnvironment extends AuthEnvironment {
  override PORT = 3000;

  /** How long a claim holds a task before it returns to the queue (renewed while the reviewer works). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(24 * 3600)
  REVIEW_LEASE_SECONDS = 300;

  /** Where `<workflow>.schema.json` files describe each workflow's output (corrections are validated against them). */
  @IsString()
  REVIEW_OUTPUT_SCHEMAS_DIR = 'deploy/schemas';

  /** Called (POST, JSON) when a task enters a queue, breaches its SLA or is escalated; unset = no notices. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  REVIEW_WEBHOOK_URL?: string;

  /**
   * Signs every notice (Standard Webhooks, HMAC-SHA256; docs/api.md shows how to verify): `whsec_<base64>` or any
   * string of at least 24 characters. Required with REVIEW_WEBHOOK_URL: notices are never sent unsigned.
   */
  @ValidateIf((environment: ReviewEnvironment) => environment.REVIEW_WEBHOOK_URL !== undefined)
  @IsString({ message: 'REVIEW_WEBHOOK_SECRET must be set when REVIEW_WEBHOOK_URL is' })
  @MinLength(24, { message: 'REVIEW_WEBHOOK_SECRET must be at least 24 characters' })
  REVIEW_WEBHOOK_SECRET?: string;

  /**
   * Where reviewers open the web app: the base of the task links in webhook notices (Slack, Teams). Outside
   * development it must be set when notices are sent: links to localhost would reach no reviewer.
   */
  @DevelopmentDefault<ReviewEnvironment>((environment) => environment.REVIEW_WEBHOOK_URL !== undefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  REVIEW_WEB_APP_URL = 'http://localhost:3000';

  /** Webhook deliveries in flight at once; more notices wait (up to 1,000, then they are dropped and logged). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  REVIEW_WEBHOOK_CONCURRENCY = 4;

  /** Writes (claims, verdicts, ...) one reviewer may make per 10 seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REVIEW_WRITE_LIMIT = 200;

  /** How often the scheduler sweeps: expired leases, SLA breaches (escalation) and expiry (final outcome expired). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  REVIEW_SLA_SCAN_INTERVAL_MS = 5_000;

  /**
   * How many reviewers and leads each workflow has (JSON, `*` for the rest), e.g.
   * `{"contract-review":{"reviewers":4,"leads":1}}`: a task needing more approvals than its workflow has people is
   * escalated at once. Unset = unknown, no task is escalated for it.
   */
  @IsOptional()
  @IsString()
  REVIEW_STAFFING?: string;

  /** The built reviewer web app served at / (relative to the working directory, as `npm start` runs). */
  @IsString()
  REVIEW_WEB_DIR = 'dist/services/review-web';

  /** Where the web app's browser calls the router (policies, trust levels); the router must allow this origin (CORS_ORIGINS). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  REVIEW_UI_ROUTER_URL = 'http://localhost:3001';

  /** Where the web app's browser calls the feedback service (accuracy). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  REVIEW_UI_FEEDBACK_URL = 'http://localhost:3002';

  /** Where the web app's browser calls the audit service (catch rate). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  REVIEW_UI_AUDIT_URL = 'http://localhost:3003';

  /**
   * The OpenID provider the web app signs reviewers in with (Authorization Code + PKCE), exactly its issuer URL, e.g.
   * `https://id.example.com/realms/ops`. Unset: reviewers paste a token (development only). See docs/authentication.md.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  REVIEW_UI_OIDC_ISSUER?: string;

  /** The web app's client id at the provider: a public client (no secret), code flow, PKCE, refresh tokens. */
  @IsString()
  @IsNotEmpty()
  REVIEW_UI_OIDC_CLIENT_ID = 'countersign-review';

  /** Scopes the web app asks for; `offline_access` brings the refresh token that renews the session. */
  @IsString()
  @IsNotEmpty()
  REVIEW_UI_OIDC_SCOPE = 'openid profile offline_access';

  /** How many seconds before its access token expires the web app renews it. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(3600)
  REVIEW_UI_OIDC_RENEW_SECONDS = 60;
}
