import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/** A workflow's latest sampling-key rotation. The salt never leaves the router. */
export interface SamplingRotation {
  workflow: string;
  salt: string;
  rotations: number;
  rotatedBy: string;
  rotatedAt: Date;
}

interface RotationRow {
  workflow: string;
  salt: string;
  rotations: number;
  rotated_by: string;
  rotated_at: Date;
}

const toRotation = (row: RotationRow): SamplingRotation => ({
  workflow: row.workflow,
  salt: row.salt,
  rotations: row.rotations,
  rotatedBy: row.rotated_by,
  rotatedAt: row.rotated_at,
});

@Injectable()
export class SamplingRotationStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async all(): Promise<SamplingRotation[]> {
    const rows: RotationRow[] = await this.dataSource.query('SELECT * FROM router.sampling_rotations');
    return rows.map(toRotation);
  }

  async one(workflow: string): Promise<SamplingRotation | undefined> {
    const rows: RotationRow[] = await this.dataSource.query(
      'SELECT * FROM router.sampling_rotations WHERE workflow = $1',
      [workflow],
    );
    return rows.map(toRotation)[0];
  }

  /** A fresh random salt for the workflow, in the caller's transaction (the one that announces the change). */
  async rotate(manager: EntityManager, workflow: string, rotatedBy: string, rotatedAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO router.sampling_rotations (workflow, salt, rotations, rotated_by, rotated_at)
       VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (workflow) DO UPDATE
         SET salt = EXCLUDED.salt, rotations = router.sampling_rotations.rotations + 1,
             rotated_by = EXCLUDED.rotated_by, rotated_at = EXCLUDED.rotated_at`,
      [workflow, randomBytes(32).toString('base64'), rotatedBy, rotatedAt],
    );
  }
}
