import { AuthEnvironment } from '@countersign/auth';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

export class RouterEnvironment extends AuthEnvironment {
  override PORT = 3001;

  /** How often each replica re-reads policies from Postgres, besides applying policy.changed at once. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  POLICY_RELOAD_INTERVAL_MS = 30_000;

  /** How long a routed decision id is remembered, so that a re-send within it is not routed again. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  DEDUP_RETENTION_DAYS = 30;

  /**
   * The secret random sampling is keyed with (HMAC-SHA256(secret, workflow) per workflow), at least 32 characters,
   * e.g. `openssl rand -base64 48`. Never returned by any API or event. Required unless COUNTERSIGN_DEVELOPMENT=true;
   * the same on every replica. Changing it re-draws every workflow's sample (see docs/sampling.md).
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'ROUTER_SAMPLING_SECRET must be at least 32 characters (e.g. openssl rand -base64 48)' })
  ROUTER_SAMPLING_SECRET?: string;

  /**
   * Token subjects (comma separated) of the services that file policy changes on an admin's behalf: they alone may
   * send `onBehalfOf` with PUT /api/v1/policies/:workflow (anyone else: 400), and that admin may not approve the
   * proposal. Feedback's token in oidc mode (FEEDBACK_ROUTER_TOKEN) must have one of these subjects.
   */
  @IsString()
  ROUTER_SERVICE_SUBJECTS = 'service:feedback';
}
