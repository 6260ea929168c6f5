import { AnsweredJudgment } from '../domain/reviewer-quality';

let sequence = 0;

/** A random-sample review the reviewer approved; override what the test is about. Ids are unique per call. */
export function aJudgment(overrides: Partial<AnsweredJudgment> = {}): AnsweredJudgment {
  sequence++;
  return {
    decisionId: `decision-${sequence}`,
    taskId: `task-${sequence}`,
    workflow: 'invoice-coding',
    modelName: 'coder',
    modelVersion: 'v1',
    confidence: 0.9,
    kind: 'review',
    verdict: 'approve',
    randomSample: true,
    reviewers: ['reviewer:anna'],
    timeOnTaskMs: 60_000,
    completedAt: new Date('2026-11-03T10:00:00Z'),
    answer: 'approve',
    ...overrides,
  };
}

/** `count` judgments built by `build(i)`. */
export function judgments(count: number, build: (index: number) => Partial<AnsweredJudgment>): AnsweredJudgment[] {
  return Array.from({ length: count }, (_, index) => aJudgment(build(index)));
}
