import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { AuditCheckpointV1, Topics } from '@countersign/contracts';
import { Outbox, outboundEvent } from '@countersign/kafka';
import { checkpointSignatureValid, signCheckpoint } from '../domain/checkpoint';
import { TrailStore } from '../trail/trail-store';
import { CheckpointStore } from './checkpoint-store';

export interface CheckpointCheck {
  checkpointId: string;
  signatureValid: boolean;
  /** Chains whose record at the checkpointed seq no longer carries the checkpointed hash (or is gone). */
  divergedChains: number[];
}

/**
 * Signs the heads of every chain and publishes them (countersign.audit.checkpoints, through the outbox): once a
 * checkpoint is out, rewriting the trail behind it means rewriting what outside parties already hold.
 */
@Injectable()
export class CheckpointsService {
  private readonly log = new Logger(CheckpointsService.name);
  private readonly key: string;
  private readonly keyId: string;

  constructor(
    private readonly trail: TrailStore,
    private readonly checkpoints: CheckpointStore,
    private readonly outbox: Outbox,
    config: ConfigService,
  ) {
    this.key = config.getOrThrow('AUDIT_CHECKPOINT_KEY');
    this.keyId = config.getOrThrow('AUDIT_CHECKPOINT_KEY_ID');
  }

  async issue(now = new Date()): Promise<AuditCheckpointV1> {
    return this.trail.dataSource.transaction(async (manager) => {
      // A consistent cut: no append may move a head while they are read.
      const heads = await this.checkpoints.lockedHeads(manager);
      const signed = signCheckpoint(
        { checkpointId: randomUUID(), keyId: this.keyId, issuedAt: now.toISOString(), heads },
        this.key,
      );
      const checkpoint: AuditCheckpointV1 = { schemaVersion: 1, algorithm: 'HMAC-SHA256', ...signed };
      await this.checkpoints.insert(manager, checkpoint);
      await this.outbox.add(manager, [outboundEvent(Topics.auditCheckpoints, checkpoint.checkpointId, checkpoint)]);
      this.log.log({ msg: 'checkpoint signed', checkpointId: checkpoint.checkpointId, chains: heads.length });
      return checkpoint;
    });
  }

  async latest(): Promise<AuditCheckpointV1 | null> {
    return this.checkpoints.latest();
  }

  /** Whether a checkpoint is authentic and the trail still holds, at each head it names, the hash it names. */
  async check(checkpoint: AuditCheckpointV1): Promise<CheckpointCheck> {
    const { schemaVersion: _version, algorithm: _algorithm, ...signed } = checkpoint;
    const divergedChains: number[] = [];
    for (const head of checkpoint.heads) {
      if (head.seq === 0) continue;
      if ((await this.trail.hashAt(head.chain, head.seq)) !== head.hash) divergedChains.push(head.chain);
    }
    return {
      checkpointId: checkpoint.checkpointId,
      signatureValid: checkpointSignatureValid(signed, this.key),
      divergedChains,
    };
  }
}
