import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventV1, JsonObject, PolicyChangedV1, RoutingPolicyDocument, Topics } from '@countersign/contracts';
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
  /** The stop switch; when omitted the new version keeps the current one's (a stop lasts until resumed). */
  autonomyStopped?: boolean;
  /** What the audit trail should say happened besides the new version (e.g. approved proposal, stop switch). */
  audit?: JsonObject;
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

  /**
   * Appends the next version; `expectedVersion` (when given) guards against overwriting a change you have not seen.
   * Inside `outer` (a caller's transaction) when given, so that e.g. approving a proposal and applying it are one act;
   * `along` writes more in the same transaction (a sampling-key rotation).
   */
  async append(
    change: PolicyChange,
    expectedVersion?: number,
    outer?: EntityManager,
    along?: AlongWithVersion,
  ): Promise<PolicyVersionEntity> {
    const work = async (manager: EntityManager) => {
      const current = await manager
        .getRepository(PolicyVersionEntity)
        .findOne({ where: { workflow: change.workflow }, order: { version: 'DESC' } });
      const currentVersion = current?.version ?? 0;
      if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
        throw new ConflictException(
          `policy of ${change.workflow} is at version ${currentVersion}, not ${expectedVersion}; reload and retry`,
        );
      }
      const { audit, ...fields } = change;
      const row = manager.getRepository(PolicyVersionEntity).create({
        ...fields,
        autonomyStopped: change.autonomyStopped ?? current?.autonomyStopped ?? false,
        version: currentVersion + 1,
        changedAt: new Date(),
      });
      // One cast: TypeORM's partial-entity type cannot describe the JSON document's `unknown` leaves.
      await manager.getRepository(PolicyVersionEntity).insert(row as QueryDeepPartialEntity<PolicyVersionEntity>);
      await along?.(manager, row.changedAt);
      await this.announce(manager, row, audit ?? {});
      return row;
    };
    try {
      return await (outer ? work(outer) : this.dataSource.transaction(work));
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ConflictException(`policy of ${change.workflow} changed concurrently; reload and retry`);
      }
      throw error;
    }
  }

  private async announce(manager: EntityManager, row: PolicyVersionEntity, auditData: JsonObject): Promise<void> {
    const changedAt = row.changedAt.toISOString();
    const changed: PolicyChangedV1 = {
      schemaVersion: 1,
      workflow: row.workflow,
      version: row.version,
      policy: { ...row.policy },
      changedBy: row.changedBy,
      reason: row.reason,
      changedAt,
      autonomyStopped: row.autonomyStopped,
    };
    const audit: AuditEventV1 = {
      schemaVersion: 1,
      eventId: randomUUID(),
      type: 'policy.changed',
      workflow: row.workflow,
      actor: row.changedBy,
      source: 'router',
      data: {
        action: 'version.stored',
        ...auditData,
        version: row.version,
        reason: row.reason,
        autonomyStopped: row.autonomyStopped,
        policy: { ...row.policy },
      },
      occurredAt: changedAt,
    };
    await this.outbox.add(manager, [
      outboundEvent(Topics.policyChanged, row.workflow, changed),
      outboundEvent(Topics.auditEvents, row.workflow, audit),
    ]);
  }
}
