import { AuthEnvironment } from '@countersign/auth';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

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
}
