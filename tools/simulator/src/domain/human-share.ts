import { SeededRandom } from '@countersign/statistics';

/**
 * Whether a decision's review is left to a human in the UI rather than to the simulated reviewers: a fixed share of
 * decisions, drawn from the decision id alone so that every simulated reviewer agrees on it.
 */
export function leftForHuman(decisionId: string, humanShare: number): boolean {
  return humanShare > 0 && new SeededRandom(`human/${decisionId}`).next() < humanShare;
}
