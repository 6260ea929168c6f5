import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditPlan, defaultAuditPlan } from '../domain/audit-plan';

/** Each workflow's audit plan; a workflow nobody configured gets the default plan. */
@Injectable()
export class AuditPlanStore {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async planFor(workflow: string, manager: EntityManager = this.dataSource.manager): Promise<AuditPlan> {
    const [row] = await manager.query('SELECT plan FROM audit.plans WHERE workflow = $1', [workflow]);
    return row ? { ...(row as { plan: AuditPlan }).plan, workflow } : defaultAuditPlan(workflow);
  }

  /**
   * Holds the workflow's plan for the rest of the caller's transaction, also while it is still the default (no row to
   * lock): a change compared against the plan in force cannot interleave with another change of it.
   */
  async lock(manager: EntityManager, workflow: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('audit.plans:' || $1))`, [workflow]);
  }

  async save(plan: AuditPlan, changedBy: string, manager: EntityManager = this.dataSource.manager): Promise<AuditPlan> {
    await manager.query(
      `INSERT INTO audit.plans (workflow, plan, changed_by) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (workflow) DO UPDATE SET plan = EXCLUDED.plan, changed_by = EXCLUDED.changed_by, changed_at = now()`,
      [plan.workflow, JSON.stringify(plan), changedBy],
    );
    return plan;
  }
}
