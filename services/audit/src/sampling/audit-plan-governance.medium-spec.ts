import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Outbox } from '@countersign/kafka';
import { serviceParts } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { AuditEnvironment } from '../audit-environment';
import { auditMigrations } from '../database/migrations';
import { AuditPlan, defaultAuditPlan } from '../domain/audit-plan';
import { AuditRecorder } from '../lifecycle/audit-recorder';
import { TrailStore } from '../trail/trail-store';
import { AuditPlanGovernance } from './audit-plan-governance';
import { AuditPlanProposalStore } from './audit-plan-proposal-store';
import { AuditPlanStore } from './audit-plan-store';

// The two-person rule over audit plans, on the real audit schema: a plan that keeps or raises oversight applies at
// once, one that lowers it waits for a second admin; every step is on the trail. ADR 0006.

const runId = randomUUID().slice(0, 8);

describe('AuditPlanGovernance against Postgres', () => {
  let module: TestingModule;
  let governance: AuditPlanGovernance;
  let plans: AuditPlanStore;
  let dataSource: DataSource;
  let workflowCount = 0;

  beforeAll(async () => {
    module = await serviceParts({
      environment: AuditEnvironment,
      database: { schema: 'audit', entities: [], migrations: auditMigrations },
      providers: [
        AuditPlanStore,
        AuditPlanProposalStore,
        AuditPlanGovernance,
        AuditRecorder,
        TrailStore,
        { provide: Outbox, useValue: new Outbox('audit') },
      ],
    });
    governance = module.get(AuditPlanGovernance);
    plans = module.get(AuditPlanStore);
    dataSource = module.get(DataSource);
    await module.get(TrailStore).ensureChains(module.get(AuditRecorder).chainCount);
  });

  afterAll(() => module?.close());

  const aWorkflow = () => `plan-gov-${runId}-${++workflowCount}`;
  const plan = (workflow: string, changes: Partial<AuditPlan> = {}): AuditPlan => ({
    ...defaultAuditPlan(workflow),
    ...changes,
  });
  const lower = (workflow: string) =>
    plan(workflow, { ratesByTrustLevel: { 1: 0, 2: 0, 3: 0, 4: 0 }, minimumPerPeriod: 0 });
  const raise = (workflow: string) => plan(workflow, { minimumPerPeriod: 60 });

  async function proposed(workflow: string, by = 'admin-one') {
    const outcome = await governance.change(lower(workflow), by);
    if (!('proposal' in outcome)) throw new Error('expected a proposal');
    return outcome.proposal;
  }

  async function trailActions(workflow: string): Promise<Array<{ action: string; actor: string }>> {
    const rows: Array<{ action: string; actor: string }> = await dataSource.query(
      `SELECT event->'data'->>'action' AS action, event->>'actor' AS actor FROM audit.trail
        WHERE workflow = $1 AND type = 'policy.changed' ORDER BY occurred_at, seq`,
      [workflow],
    );
    return rows;
  }

  it('applies a plan that raises oversight at once, and records it', async () => {
    const workflow = aWorkflow();
    expect(await governance.change(raise(workflow), 'admin-one')).toEqual({ applied: raise(workflow) });
    expect(await plans.planFor(workflow)).toEqual(raise(workflow));
    expect(await trailActions(workflow)).toEqual([{ action: 'audit-plan.changed', actor: 'admin-one' }]);
  });

  it('holds a first plan that lowers the default as a proposal: the plan in force stays the default', async () => {
    const workflow = aWorkflow();
    const proposal = await proposed(workflow);
    expect(proposal).toMatchObject({
      workflow,
      plan: lower(workflow),
      basePlan: defaultAuditPlan(workflow),
      proposedBy: 'admin-one',
      status: 'pending',
      decidedBy: null,
    });
    expect(proposal.lowers).toEqual(expect.arrayContaining(['ratesByTrustLevel.4: 0.02 → 0']));
    expect(await plans.planFor(workflow)).toEqual(defaultAuditPlan(workflow));
    expect(await trailActions(workflow)).toEqual([{ action: 'audit-plan.proposed', actor: 'admin-one' }]);
  });

  it('refuses the proposer own_proposal, and applies it when a second admin approves', async () => {
    const workflow = aWorkflow();
    const proposal = await proposed(workflow);
    const own = await governance.approve(workflow, proposal.id, 'admin-one').catch((error: unknown) => error);
    expect(own).toBeInstanceOf(ForbiddenException);
    expect((own as ForbiddenException).getResponse()).toMatchObject({ statusCode: 403, reason: 'own_proposal' });
    expect(await plans.planFor(workflow)).toEqual(defaultAuditPlan(workflow));

    const approved = await governance.approve(workflow, proposal.id, 'admin-two');
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'admin-two', note: 'applied' });
    expect(await plans.planFor(workflow)).toEqual(lower(workflow));
    expect(await trailActions(workflow)).toEqual([
      { action: 'audit-plan.proposed', actor: 'admin-one' },
      { action: 'audit-plan.approved', actor: 'admin-two' },
    ]);
    await expect(governance.approve(workflow, proposal.id, 'admin-three')).rejects.toBeInstanceOf(ConflictException);
  });

  it('rejects: the plan stays, and the proposal can no longer be approved', async () => {
    const workflow = aWorkflow();
    const proposal = await proposed(workflow);
    const rejected = await governance.reject(workflow, proposal.id, 'admin-two', 'keep the checks');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'admin-two', note: 'keep the checks' });
    await expect(governance.approve(workflow, proposal.id, 'admin-three')).rejects.toBeInstanceOf(ConflictException);
    expect(await plans.planFor(workflow)).toEqual(defaultAuditPlan(workflow));
    expect((await trailActions(workflow)).map(({ action }) => action)).toEqual([
      'audit-plan.proposed',
      'audit-plan.rejected',
    ]);
  });

  it('refuses to approve a proposal whose base plan changed meanwhile: 409, superseded', async () => {
    const workflow = aWorkflow();
    const proposal = await proposed(workflow);
    await governance.change(raise(workflow), 'admin-three');
    const refused = await governance.approve(workflow, proposal.id, 'admin-two').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictException);
    expect((refused as ConflictException).getResponse()).toMatchObject({ statusCode: 409, reason: 'superseded' });
    expect(await plans.planFor(workflow)).toEqual(raise(workflow));
    const [listed] = await governance.list(workflow);
    // The change closed it (at most one proposal is pending, and none survives a change of the plan).
    expect(listed).toMatchObject({ id: proposal.id, status: 'superseded', decidedBy: 'admin-three' });
  });

  it('keeps at most one proposal pending: a newer one supersedes it; an unknown or other workflow id is not found', async () => {
    const workflow = aWorkflow();
    const first = await proposed(workflow);
    const second = await proposed(workflow, 'admin-two');
    expect((await governance.list(workflow)).map(({ id, status }) => [id, status])).toEqual([
      [second.id, 'pending'],
      [first.id, 'superseded'],
    ]);
    await expect(governance.approve(workflow, first.id, 'admin-three')).rejects.toBeInstanceOf(ConflictException);
    await governance.reject(workflow, second.id, 'admin-two', 'withdrawn');
    await expect(governance.approve(workflow, randomUUID(), 'admin-two')).rejects.toBeInstanceOf(NotFoundException);
    const third = await proposed(workflow);
    await expect(governance.approve(aWorkflow(), third.id, 'admin-two')).rejects.toBeInstanceOf(NotFoundException);
  });
});
