import { AuthEnvironment } from '@countersign/auth';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

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

  /** Writes (claims, verdicts, ...) one reviewer may make per 10 seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REVIEW_WRITE_LIMIT = 200;

  /** How often overdue tasks are escalated and expired leases returned to the queue. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  REVIEW_SLA_SCAN_INTERVAL_MS = 5_000;

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
   * The identity provider's authorize URL for the web app's "Sign in with your identity provider" link, e.g.
   * `https://idp/authorize?client_id=countersign-review&response_type=token&redirect_uri=https://review/`; unset = paste
   * a token only.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  REVIEW_UI_OIDC_LOGIN_URL?: string;
}
