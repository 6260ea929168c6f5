import { FinalDecisionV1, ReviewCompletedV1 } from '@countersign/contracts';
import { aDecision, aFinalDecision, aReviewCompletion, aRouting, seededRandom } from '@countersign/contracts/testing';

export interface SimulationOptions {
  workflow: string;
  modelVersion: string;
  decisions: number;
  /** The model's true chance of being wrong at a confidence. */
  errorAt: (confidence: number) => number;
  threshold: number;
  randomSampleRate: number;
  auditRate: number;
  seed: number;
}

export interface SimulatedWorkflow {
  judgments: ReviewCompletedV1[];
  releases: FinalDecisionV1[];
  /** The truth the estimates are checked against, counted over every simulated decision. */
  truth: { accuracy: number; caught: number; escaped: number; catchRate: number };
}

/**
 * A workflow's decisions with known right answers, routed like the router does at trust level 2 (below threshold or
 * randomly sampled -> review, else released, a share of releases audited), judged by perfect reviewers.
 */
export function simulateWorkflow(options: SimulationOptions): SimulatedWorkflow {
  const random = seededRandom(options.seed);
  const aiOutput = aDecision().output;
  const corrected = { ...aiOutput, governingLaw: 'Austria' };
  const judgments: ReviewCompletedV1[] = [];
  const releases: FinalDecisionV1[] = [];
  let wrongCount = 0;
  let caught = 0;
  let escaped = 0;
  const completedAt = new Date().toISOString();
  for (let i = 0; i < options.decisions; i++) {
    const confidence = Math.round((0.5 + 0.5 * random()) * 1e4) / 1e4;
    const wrong = random() < options.errorAt(confidence);
    const randomSample = random() < options.randomSampleRate;
    const audited = random() < options.auditRate;
    const decisionId = `${options.workflow}-${i}`;
    const reasons = [
      ...(confidence < options.threshold ? ['below_threshold'] : []),
      ...(randomSample ? ['random_sample'] : []),
    ];
    const routing = aRouting({
      route: reasons.length > 0 ? 'review' : 'autonomous',
      reasons,
      randomSample,
      threshold: options.threshold,
      trustLevel: 2,
      requiredApprovals: 1,
    });
    if (wrong) wrongCount++;
    const model = { name: 'simulated', version: options.modelVersion };
    const judgment = (kind: 'review' | 'audit'): ReviewCompletedV1 => ({
      ...aReviewCompletion({
        decisionId,
        taskId: `${kind}-${decisionId}`,
        kind,
        workflow: options.workflow,
        verdict: wrong ? 'correct' : 'approve',
        aiOutput,
        finalOutput: wrong ? corrected : aiOutput,
        diff: wrong ? [{ path: '/governingLaw', before: aiOutput.governingLaw, after: 'Austria' }] : [],
        reviewers: [`reviewer:r${i % 5}`],
        timeOnTaskMs: 30_000 + (i % 7) * 1000,
        routing,
        model,
        confidence,
        completedAt,
      }),
      ...(wrong ? {} : { reasonCode: undefined, comment: undefined }),
    });
    if (routing.route === 'review') {
      if (wrong) caught++;
      judgments.push(judgment('review'));
      continue;
    }
    if (wrong) escaped++;
    releases.push(
      aFinalDecision({
        decisionId,
        workflow: options.workflow,
        outcome: 'autonomous',
        finalOutput: aiOutput,
        model,
        confidence,
        routing,
        decidedAt: completedAt,
      }),
    );
    if (audited) judgments.push(judgment('audit'));
  }
  return {
    judgments: judgments.map(withoutUndefined),
    releases,
    truth: {
      accuracy: 1 - wrongCount / options.decisions,
      caught,
      escaped,
      catchRate: caught / (caught + escaped),
    },
  };
}

function withoutUndefined<T extends object>(event: T): T {
  return JSON.parse(JSON.stringify(event)) as T;
}
