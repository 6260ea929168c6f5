import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { AuthEnvironment } from '@countersign/auth';

export class AuditEnvironment extends AuthEnvironment {
  override PORT = 3003;

  /** Hash chains the trail is sharded into. Fixed for the life of a trail: changing it moves decisions' chains. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1024)
  AUDIT_CHAINS = 16;

  /** HMAC key of the audit sampler: without it nobody can predict which decisions get checked. */
  @IsString()
  @MinLength(16)
  AUDIT_SAMPLING_SECRET = 'countersign-development-sampling-secret';

  /** HMAC-SHA256 key that signs checkpoints; give it to the parties who verify them. */
  @IsString()
  @MinLength(32)
  AUDIT_CHECKPOINT_KEY = 'countersign-development-checkpoint-key-do-not-use';

  /** Key id written into each checkpoint, so verifiers know which key to use after a rotation. */
  @IsString()
  @IsNotEmpty()
  AUDIT_CHECKPOINT_KEY_ID = 'dev';

  /** Milliseconds between signed checkpoints (0 = none). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  AUDIT_CHECKPOINT_EVERY_MS = 300_000;

  /** Cron (with seconds, UTC) of the scheduled reports of the previous period; empty = none. */
  @IsOptional()
  @IsString()
  AUDIT_REPORT_CRON?: string = '0 0 6 * * 1';
}
