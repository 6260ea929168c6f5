/** What a routing policy did with one stream, measured against the ground truth. */
export interface PolicyOutcome {
  decisions: number;
  /** Decisions a human reviewed (for any reason, random samples included). */
  reviews: number;
  released: number;
  releasedWrong: number;
  /** Sum of the error-cost attribute over wrong released decisions. */
  releasedErrorCost: number;
}

export const reviewShare = (o: PolicyOutcome): number => o.reviews / o.decisions;
export const releasedErrorRate = (o: PolicyOutcome): number => (o.released === 0 ? 0 : o.releasedWrong / o.released);
export const totalCost = (o: PolicyOutcome, reviewCost: number): number => o.releasedErrorCost + o.reviews * reviewCost;
