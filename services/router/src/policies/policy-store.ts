import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventV1, PolicyChangedV1, RoutingPolicyDocument, Topics } from '@countersign/contracts';
import { Outbox, outboundEvent } from '@countersign/kafka';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PolicyVersionEntity } from './policy-version.entity';

const UNIQUE_VIOLATION = '23505';

export interface PolicyChange {
  workflow: string;
  policy: RoutingPolicyDocument;
  changedBy: string;
  reason: string;
}

/** More to write in the transaction that stores and announces a version (a sampling-key rotation). */
export type AlongWithVersion = (manager: EntityManager, changedAt: Date) => Promise<void>;

/**
 * Append-only policy history. A new version and its `policy.changed` and audit events are written in one database
 * transaction (the outbox relay publishes them), so every stored version is announced and nothing else is.
 */
@Injectable()
export class PolicyStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** The newest version of every workflow's policy. */
  latestAll(): Promise<PolicyVersionEntity[]> {
    return this.dataSource
      .getRepository(PolicyVersionEntity)
      .createQueryBuilder('p')
      .distinctOn(['p.workflow'])
      .orderBy('p.workflow')
      .addOrderBy('p.version', 'DESC')
      .getMany();
  }

  latest(workflow: string): Promise<PolicyVersionEntity | null> {
    return this.dataSource
      .getRepository(PolicyVersionEntity)
      .findOne({ where: { workflow }, order: { version: 'DESC' } });
  }

  history(workflow: string): Promise<PolicyVersionEntity[]> {
    return this.dataSource.getRepository(PolicyVersionEntity).find({ where: { workflow }, order: { version: 'DESC' } });
  }

  /** Appends the next version; `expectedVersion` (when given) guards against overwriting a change you have not seen. */
  async append(change: PolicyChange, expectedVersion?: number, along?: AlongWithVersion): Promise<PolicyVersionEntity> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const current = await manager
          .getRepository(PolicyVersionEntity)
          .findOne({ where: { workflow: change.workflow }, order: { version: 'DESC' } });
        const currentVersion = current?.version ?? 0;
        if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
          throw new ConflictException(
            `policy of ${change.workflow} is at version ${currentVersion}, not ${expectedVersion}; reload and retry`,
          );
        }
        const row = manager.getRepository(PolicyVersionEntity).create({
          ...change,
          version: currentVersion + 1,
          changedAt: new Date(),
        });
        // One cast: TypeORM's partial-entity type cannot describe the JSON document's `unknown` leaves.
        await manager.getRepository(PolicyVersionEntity).insert(row as QueryDeepPartialEntity<PolicyVersionEntity>);
        await along?.(manager, row.changedAt);
        await this.announce(manager, row, along !== undefined);
        return row;
      });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ConflictException(`policy of ${change.workflow} changed concurrently; reload and retry`);
      }
      throw error;
    }
  }

  private async announce(manager: EntityManager, row: PolicyVersionEntity, samplingKeyRotated: boolean): Promise<void> {
    const changedAt = row.changedAt.toISOString();
    const changed: PolicyChangedV1 = {
      schemaVersion: 1,
      workflow: row.workflow,
      version: row.version,
      policy: { ...row.policy },
      changedBy: row.changedBy,
      reason: row.reason,
      changedAt,
    };
    const audit: AuditEventV1 = {
      schemaVersion: 1,
      eventId: randomUUID(),
      type: 'policy.changed',
      workflow: row.workflow,
      actor: row.changedBy,
      source: 'router',
      // A rotation is recorded as a fact, never with the salt or the secret.
      data: {
        version: row.version,
        reason: row.reason,
        policy: { ...row.policy },
        ...(samplingKeyRotated ? { samplingKeyRotated: true } : {}),
      },
      occurredAt: changedAt,
    };
    await this.outbox.add(manager, [
      outboundEvent(Topics.policyChanged, row.workflow, changed),
      outboundEvent(Topics.auditEvents, row.workflow, audit),
    ]);
  }
}
