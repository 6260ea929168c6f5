import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditCheckpointV1, Topics } from '@countersign/contracts';
import { Outbox, outboundEvent } from '@countersign/kafka';
import { CHECKPOINT_ALGORITHM, checkpointSignatureValid, signCheckpoint } from '../domain/checkpoint';
import { TrailStore } from '../trail/trail-store';
import { CHECKPOINT_SIGNING_KEY } from './checkpoint-key.provider';
import type { CheckpointSigningKey } from './checkpoint-signing-key';
import { CheckpointStore } from './checkpoint-store';

export interface CheckpointCheck {
  checkpointId: string;
  /** Verified with the public key alone; false for a forged, altered or HMAC-era checkpoint. */
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

  constructor(
    private readonly trail: TrailStore,
    private readonly checkpoints: CheckpointStore,
    private readonly outbox: Outbox,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: CheckpointSigningKey,
  ) {}

  /** What verifiers need, and all they need: the public key, its id and the scheme. */
  publicKey(): { algorithm: typeof CHECKPOINT_ALGORITHM; keyId: string; publicKeyPem: string } {
    return { algorithm: CHECKPOINT_ALGORITHM, keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }

  async issue(now = new Date()): Promise<AuditCheckpointV1> {
    return this.trail.dataSource.transaction(async (manager) => {
      // A consistent cut: no append may move a head while they are read.
      const heads = await this.checkpoints.lockedHeads(manager);
      const signed = signCheckpoint(
        { checkpointId: randomUUID(), keyId: this.key.keyId, issuedAt: now.toISOString(), heads },
        this.key.privateKey,
      );
      const checkpoint: AuditCheckpointV1 = { schemaVersion: 1, algorithm: CHECKPOINT_ALGORITHM, ...signed };
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
    const { schemaVersion: _version, algorithm, ...signed } = checkpoint;
    const divergedChains: number[] = [];
    for (const head of checkpoint.heads) {
      if (head.seq === 0) continue;
      if ((await this.trail.hashAt(head.chain, head.seq)) !== head.hash) divergedChains.push(head.chain);
    }
    return {
      checkpointId: checkpoint.checkpointId,
      // HMAC checkpoints from before #14 cannot be verified with a public key: they report false (see docs).
      signatureValid: algorithm === CHECKPOINT_ALGORITHM && checkpointSignatureValid(signed, this.key.publicKey),
      divergedChains,
    };
  }
}
