/** What a routing policy did with one stream, measured against the ground truth. */
export interface PolicyOutcome {
  decisions: number;
  /** Decisions a human reviewed (for any reason, random samples included). */
  reviews: number;
  released: number;
  releasedWrong: number;
  /** Sum of the error-cost attribute over wrong released decisions. */
  releasedErrorCost: number;
  /** Released decisions and the wrong ones among them, per segment (scenarios with segments only). */
  bySegment?: Record<string, { released: number; releasedWrong: number }>;
}

/** Count one released decision in its outcome (and in its segment's tally, if it has one). */
export function countReleased(outcome: PolicyOutcome, wrong: boolean, amount: number, segment?: string): void {
  outcome.released++;
  if (wrong) {
    outcome.releasedWrong++;
    outcome.releasedErrorCost += amount;
  }
  if (segment === undefined) return;
  outcome.bySegment ??= {};
  const tally = (outcome.bySegment[segment] ??= { released: 0, releasedWrong: 0 });
  tally.released++;
  if (wrong) tally.releasedWrong++;
}

/** The highest released error of any segment (the whole stream's when it has no segments). */
export function worstSegmentError(o: PolicyOutcome): number {
  if (!o.bySegment) return releasedErrorRate(o);
  return Math.max(...Object.values(o.bySegment).map((t) => (t.released === 0 ? 0 : t.releasedWrong / t.released)));
}

export const reviewShare = (o: PolicyOutcome): number => o.reviews / o.decisions;
export const releasedErrorRate = (o: PolicyOutcome): number => (o.released === 0 ? 0 : o.releasedWrong / o.released);
export const totalCost = (o: PolicyOutcome, reviewCost: number): number => o.releasedErrorCost + o.reviews * reviewCost;
