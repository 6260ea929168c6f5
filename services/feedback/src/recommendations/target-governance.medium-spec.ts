import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Topics } from '@countersign/contracts';
import { Outbox } from '@countersign/kafka';
import { serviceParts } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { feedbackMigrations } from '../database/migrations';
import { FeedbackEnvironment } from '../feedback-environment';
import { RecommendationStore } from './recommendation-store';
import { TargetGovernance } from './target-governance';
import { TargetProposal, TargetProposalStore } from './target-proposal-store';

// The two-person rule over feedback's targets, on the real feedback schema: a target that accepts more released error
// waits for a second admin; any other change applies at once; the target in force sent again stores nothing. Every
// step is an audit event in the outbox, in the step's transaction. ADR 0006.

const runId = randomUUID().slice(0, 8);
const DEFAULT = { maxErrorRate: 0.01, autoApply: false };
const LOOSER = { maxErrorRate: 0.2, autoApply: true };
const TIGHTER = { maxErrorRate: 0.005, autoApply: true };

describe('TargetGovernance against Postgres', () => {
  let module: TestingModule;
  let governance: TargetGovernance;
  let targets: RecommendationStore;
  let dataSource: DataSource;
  let workflowCount = 0;

  beforeAll(async () => {
    module = await serviceParts({
      environment: FeedbackEnvironment,
      env: { FEEDBACK_TARGET_ERROR_RATE: String(DEFAULT.maxErrorRate) },
      database: { schema: 'feedback', entities: [], migrations: feedbackMigrations },
      providers: [
        RecommendationStore,
        TargetProposalStore,
        TargetGovernance,
        { provide: Outbox, useValue: new Outbox('feedback') },
      ],
    });
    governance = module.get(TargetGovernance);
    targets = module.get(RecommendationStore);
    dataSource = module.get(DataSource);
  });

  afterAll(() => module?.close());

  const aWorkflow = () => `target-gov-${runId}-${++workflowCount}`;

  async function proposed(workflow: string, by = 'admin-one'): Promise<TargetProposal> {
    const outcome = await governance.change(workflow, LOOSER, by);
    if (!('proposal' in outcome)) throw new Error(`expected a proposal, got ${JSON.stringify(outcome)}`);
    return outcome.proposal;
  }

  /** The audit events put in the outbox for the workflow, in order. */
  async function auditActions(workflow: string): Promise<Array<{ action: string; actor: string }>> {
    return dataSource.query(
      `SELECT convert_from(value, 'UTF8')::jsonb->'data'->>'action' AS action,
              convert_from(value, 'UTF8')::jsonb->>'actor' AS actor
         FROM feedback.outbox WHERE topic = $1 AND key = $2 ORDER BY id`,
      [Topics.auditEvents, workflow],
    );
  }

  it('applies a tighter target at once, for the admin who set it, and records it', async () => {
    const workflow = aWorkflow();
    expect(await governance.change(workflow, TIGHTER, 'admin-one')).toEqual({ applied: TIGHTER });
    expect(await targets.targetOf(workflow)).toEqual({ ...TIGHTER, setBy: 'admin-one' });
    expect(await auditActions(workflow)).toEqual([{ action: 'target.changed', actor: 'admin-one' }]);
  });

  it('holds a target above the default as a proposal: the default stays in force', async () => {
    const workflow = aWorkflow();
    const proposal = await proposed(workflow);
    expect(proposal).toMatchObject({
      workflow,
      target: LOOSER,
      baseTarget: DEFAULT,
      proposedBy: 'admin-one',
      status: 'pending',
      decidedBy: null,
    });
    expect(proposal.lowers).toEqual(['maxErrorRate 0.01 → 0.2: more error accepted in released decisions']);
    expect(await targets.targetOf(workflow)).toBeNull();
    expect(await governance.inForce(workflow)).toEqual(DEFAULT);
    expect(await auditActions(workflow)).toEqual([{ action: 'target.proposed', actor: 'admin-one' }]);
  });

  it('refuses the proposer own_proposal; a second admin applies it, stored for the proposer', async () => {
    const workflow = aWorkflow();
    const proposal = await proposed(workflow);
    const own = await governance.approve(workflow, proposal.id, 'admin-one').catch((error: unknown) => error);
    expect(own).toBeInstanceOf(ForbiddenException);
    expect((own as ForbiddenException).getResponse()).toMatchObject({ statusCode: 403, reason: 'own_proposal' });
    expect(await targets.targetOf(workflow)).toBeNull();

    const approved = await governance.approve(workflow, proposal.id, 'admin-two');
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'admin-two', note: 'applied' });
    // Feedback files what follows from the target for admin-one, so admin-one cannot approve that alone either.
    expect(await targets.targetOf(workflow)).toEqual({ ...LOOSER, setBy: 'admin-one' });
    expect(await auditActions(workflow)).toEqual([
      { action: 'target.proposed', actor: 'admin-one' },
      { action: 'target.approved', actor: 'admin-two' },
    ]);
    await expect(governance.approve(workflow, proposal.id, 'admin-three')).rejects.toBeInstanceOf(ConflictException);
  });

  it('stores nothing when the target in force is sent again: the admin it is set for stays', async () => {
    const workflow = aWorkflow();
    await governance.approve(workflow, (await proposed(workflow)).id, 'admin-two');
    expect(await governance.change(workflow, LOOSER, 'admin-two')).toEqual({ unchanged: LOOSER });
    expect(await targets.targetOf(workflow)).toEqual({ ...LOOSER, setBy: 'admin-one' });
    expect((await auditActions(workflow)).map(({ action }) => action)).toEqual(['target.proposed', 'target.approved']);
  });

  it('rejects: the target stays, and the proposal can no longer be approved', async () => {
    const workflow = aWorkflow();
    const proposal = await proposed(workflow);
    const rejected = await governance.reject(workflow, proposal.id, 'admin-two', 'too much error');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'admin-two', note: 'too much error' });
    await expect(governance.approve(workflow, proposal.id, 'admin-three')).rejects.toBeInstanceOf(ConflictException);
    expect(await governance.inForce(workflow)).toEqual(DEFAULT);
    expect((await auditActions(workflow)).map(({ action }) => action)).toEqual(['target.proposed', 'target.rejected']);
  });

  it('a change closes the pending proposal: approving it is refused, 409 superseded', async () => {
    const workflow = aWorkflow();
    const proposal = await proposed(workflow);
    await governance.change(workflow, TIGHTER, 'admin-three');
    const refused = await governance.approve(workflow, proposal.id, 'admin-two').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictException);
    expect((refused as ConflictException).getResponse()).toMatchObject({ statusCode: 409, reason: 'superseded' });
    expect(await governance.inForce(workflow)).toEqual(TIGHTER);
    const [listed] = await governance.list(workflow);
    expect(listed).toMatchObject({ id: proposal.id, status: 'superseded', decidedBy: 'admin-three' });
    expect((await auditActions(workflow)).map(({ action }) => action)).toEqual([
      'target.proposed',
      'target.superseded',
      'target.changed',
    ]);
  });

  it('a forgotten proposal stays closed when the target moves away and back (review finding)', async () => {
    const workflow = aWorkflow();
    const forgotten = await proposed(workflow, 'admin-b');
    const looser = await governance.change(workflow, { maxErrorRate: 0.05, autoApply: false }, 'admin-c');
    if (!('proposal' in looser)) throw new Error('expected a proposal');
    await governance.approve(workflow, looser.proposal.id, 'admin-d');
    expect(await governance.change(workflow, DEFAULT, 'admin-a')).toEqual({ applied: DEFAULT });
    expect(await governance.inForce(workflow)).toEqual(DEFAULT); // the base the forgotten proposal was shown
    await expect(governance.approve(workflow, forgotten.id, 'admin-a')).rejects.toBeInstanceOf(ConflictException);
    expect(await governance.inForce(workflow)).toEqual(DEFAULT);
  });

  it('keeps at most one proposal pending: a newer one supersedes it; an unknown or other workflow id is not found', async () => {
    const workflow = aWorkflow();
    const first = await proposed(workflow);
    const second = await proposed(workflow, 'admin-two');
    expect((await governance.list(workflow)).map(({ id, status }) => [id, status])).toEqual([
      [second.id, 'pending'],
      [first.id, 'superseded'],
    ]);
    await governance.reject(workflow, second.id, 'admin-two', 'withdrawn');
    expect((await governance.list(workflow)).map(({ status }) => status)).toEqual(['rejected', 'superseded']);
    await expect(governance.approve(workflow, randomUUID(), 'admin-two')).rejects.toBeInstanceOf(NotFoundException);
    const third = await proposed(workflow);
    await expect(governance.approve(aWorkflow(), third.id, 'admin-two')).rejects.toBeInstanceOf(NotFoundException);
  });

  it('sends nothing new for the default re-sent before any target was stored', async () => {
    const workflow = aWorkflow();
    expect(await governance.change(workflow, DEFAULT, 'admin-one')).toEqual({ unchanged: DEFAULT });
    expect(await targets.targetOf(workflow)).toBeNull();
    expect(await auditActions(workflow)).toEqual([]);
  });
});
