import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsTimestamp } from './is-timestamp';

/** Where one hash chain of the audit trail ended when a checkpoint was signed. */
export class AuditChainHead {
  @IsInt()
  @Min(0)
  chain!: number;

  @IsInt()
  @Min(0)
  @JSONSchema({ description: 'Sequence number of the last record (0 = empty chain).' })
  seq!: number;

  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  @JSONSchema({
    description: 'sha256 (hex) of that record: of the canonical JSON of chain, seq, eventId, event, prevHash.',
  })
  hash!: string;
}

/**
 * Published on `countersign.audit.checkpoints` by the audit service: the heads of every chain of the audit trail,
 * signed, so a party without database access can later check the trail still holds exactly what it held then.
 */
export class AuditCheckpointV1 {
  @IsIn([1])
  schemaVersion!: 1;

  @IsUUID()
  checkpointId!: string;

  @IsIn(['Ed25519', 'HMAC-SHA256'])
  @JSONSchema({
    description:
      'Ed25519 (RFC 8032) since #14, verifiable with the published public key alone; HMAC-SHA256 only in checkpoints ' +
      'signed before.',
  })
  algorithm!: 'Ed25519' | 'HMAC-SHA256';

  @IsString()
  @MaxLength(100)
  @JSONSchema({ description: 'Which key signed it, so keys can be rotated.' })
  keyId!: string;

  @IsTimestamp()
  issuedAt!: string;

  @IsArray()
  @ArrayMaxSize(1024)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AuditChainHead)
  heads!: AuditChainHead[];

  @IsString()
  @Matches(/^(?:[0-9a-f]{64}|[0-9a-f]{128})$/)
  @JSONSchema({
    description:
      'Hex signature of the canonical JSON (keys sorted, no spaces) of {checkpointId, heads (by chain), issuedAt, ' +
      'keyId}: Ed25519 (64 bytes) under the audit private key, or HMAC-SHA256 (32 bytes) for older checkpoints.',
  })
  signature!: string;
}
