import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditChainHead, AuditCheckpointV1 } from '@countersign/contracts';

/** audit.checkpoints, and the cut of audit.chain_heads a checkpoint signs. */
@Injectable()
export class CheckpointStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every chain's head, held (FOR SHARE) until the transaction ends: a consistent cut no append can move. */
  async lockedHeads(manager: EntityManager): Promise<AuditChainHead[]> {
    const rows = (await manager.query('SELECT chain, seq, hash FROM audit.chain_heads ORDER BY chain FOR SHARE')) as {
      chain: number;
      seq: string;
      hash: string;
    }[];
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }

  async insert(manager: EntityManager, checkpoint: AuditCheckpointV1): Promise<void> {
    await manager.query('INSERT INTO audit.checkpoints (checkpoint_id, issued_at, body) VALUES ($1, $2, $3::jsonb)', [
      checkpoint.checkpointId,
      checkpoint.issuedAt,
      JSON.stringify(checkpoint),
    ]);
  }

  async latest(): Promise<AuditCheckpointV1 | null> {
    const [row] = (await this.dataSource.query(
      'SELECT body FROM audit.checkpoints ORDER BY issued_at DESC LIMIT 1',
    )) as { body: AuditCheckpointV1 }[];
    return row?.body ?? null;
  }
}
