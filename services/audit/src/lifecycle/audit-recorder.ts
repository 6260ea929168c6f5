import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEventV1, Topics } from '@countersign/contracts';
import { Outbox, outboundEvent } from '@countersign/kafka';
import { TrailStore } from '../trail/trail-store';
import { TypedConfig } from '@countersign/platform';
import { AuditEnvironment } from '../audit-environment';

/**
 * Puts audit events on the trail. Events the audit service derived itself are also published on the audit topic,
 * through the outbox in the same transaction, and only when newly stored: a redelivered input publishes nothing
 * twice. Events read from the audit topic are stored, never published again.
 */
@Injectable()
export class AuditRecorder {
  private readonly chains: number;

  constructor(
    readonly trail: TrailStore,
    private readonly outbox: Outbox,
    config: TypedConfig<AuditEnvironment>,
  ) {
    this.chains = config.get('AUDIT_CHAINS');
  }

  get chainCount(): number {
    return this.chains;
  }

  async recordDerived(manager: EntityManager, events: readonly AuditEventV1[]): Promise<AuditEventV1[]> {
    const stored = await this.trail.append(manager, events, this.chains);
    await this.outbox.add(
      manager,
      stored.map((event) =>
        outboundEvent(Topics.auditEvents, event.decisionId ?? event.workflow ?? event.eventId, event),
      ),
    );
    return stored;
  }

  async recordPublished(manager: EntityManager, events: readonly AuditEventV1[]): Promise<AuditEventV1[]> {
    return this.trail.append(manager, events, this.chains);
  }
}
