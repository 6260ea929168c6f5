import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { AuthEnvironment } from '@countersign/auth';
import { DevelopmentDefault } from '@countersign/platform';

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
  @DevelopmentDefault()
  AUDIT_SAMPLING_SECRET = 'countersign-development-sampling-secret';

  /**
   * Ed25519 private key that signs checkpoints: PKCS#8 PEM (`openssl genpkey -algorithm ed25519`; `\n` escapes
   * allowed), or that PEM or its DER in base64. Required outside development mode (COUNTERSIGN_DEVELOPMENT=true, where
   * an ephemeral key is generated). Only configuration holds it, never the database; verifiers need the public key.
   */
  @IsOptional()
  @IsString()
  AUDIT_CHECKPOINT_PRIVATE_KEY?: string;

  /** When set, the checkpoint public key (SPKI PEM) is written to this file at start, for verifiers. */
  @IsOptional()
  @IsString()
  AUDIT_CHECKPOINT_PUBLIC_KEY_FILE?: string;

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
