import { TestingModule } from '@nestjs/testing';
import { aReviewCompletion } from '@countersign/contracts/testing';
import { serviceParts } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { feedbackMigrations } from '../database/migrations';
import { FeedbackEnvironment } from '../feedback-environment';
import { JudgmentStore } from '../judgments/judgment-store';
import { DecisionWorkflowLookup } from './decision-workflow-lookup';
import { StatisticsStore } from './statistics-store';

// Which workflow a decision belongs to decides who may write its gold answer (#14). A gold answer stored first — by a
// lead of another workflow, for a decision id feedback had not seen — must not claim the decision once the decision's
// own judgment or outcome says otherwise (the squatting hole found in review).

describe('DecisionWorkflowLookup against Postgres', () => {
  let module: TestingModule;
  let lookup: DecisionWorkflowLookup;
  let judgments: JudgmentStore;
  let statistics: StatisticsStore;

  beforeAll(async () => {
    module = await serviceParts({
      environment: FeedbackEnvironment,
      database: { schema: 'feedback', entities: [], migrations: feedbackMigrations },
      providers: [DecisionWorkflowLookup, JudgmentStore, StatisticsStore],
    });
    lookup = module.get(DecisionWorkflowLookup);
    judgments = module.get(JudgmentStore);
    statistics = module.get(StatisticsStore);
  });

  afterAll(() => module?.close());

  it('takes the workflow from the decision’s own judgment over a gold answer stored first under another workflow', async () => {
    const decisionId = `squat-${randomUUID()}`;
    const [victim, squatter] = [`wf-b-${randomUUID().slice(0, 8)}`, `wf-a-${randomUUID().slice(0, 8)}`];
    expect(await lookup.workflowOf(decisionId)).toBeNull();
    await statistics.saveGoldAnswer({
      decisionId,
      workflow: squatter,
      verdict: 'approve',
      finalOutput: null,
      answer: 'approve',
      createdBy: 'lead-of-a',
    });
    expect(await lookup.workflowOf(decisionId)).toBe(squatter);
    await judgments.insert([aReviewCompletion({ decisionId, taskId: randomUUID(), workflow: victim })]);
    expect(await lookup.workflowOf(decisionId)).toBe(victim);
  });
});
