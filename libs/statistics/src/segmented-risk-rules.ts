import { RiskRuleLearner, RiskRuleSettings, WarmStart } from './risk-rule-learner';
import { RoutedOutcome } from './risk-control';

export interface SegmentOptions {
  /**
   * Distinct segment values learned at most: a guard against an attribute with unbounded values (a customer id)
   * splitting the evidence until nothing is certified, and the K of the union bound. Later values are reviewed in full.
   */
  maxSegments?: number;
  /** Opt-in warm start of a segment's learner, e.g. from the predecessor version's learner of the same segment. */
  warmStart?: (segment: string) => WarmStart | undefined;
}

export const DEFAULT_MAX_SEGMENTS = 20;

/**
 * One {@link RiskRuleLearner} per segment value of one workflow × model version (the segment being an attribute the
 * policy names, e.g. region): each segment has its own burn-in, cuts, tests, drift monitor and guarantee — with
 * probability ≥ 1 − δ no cut above budget is ever certified _for that segment_. For a workflow-wide statement, a union
 * bound over the segments: all K segments' cuts within budget with probability ≥ 1 − K·δ; and when every segment's
 * released error is ≤ α, so is the workflow's (a mixture of them). docs/decisions/0007-risk-control.md.
 *
 * The fallback is full review, not the workflow-wide rule: a decision whose segment is unknown (the attribute missing),
 * one past `maxSegments` distinct values, or one whose segment has not yet certified a cut is released by nothing. A
 * workflow-wide rule is certified for the mixture of segments; a segment where the model is over-confident can sit far
 * above the budget at that cut (the lab's segment-overconfidence shows it), so releasing by it would break the very
 * statement segments are asked for. Decisions without a segment feed no test: they are never released.
 */
export class SegmentedRiskRules {
  private readonly learners = new Map<string, RiskRuleLearner>();

  constructor(
    readonly settings: RiskRuleSettings,
    readonly options: SegmentOptions = {},
  ) {}

  /** The learner of a segment, created on first sight (with its warm start, if any); undefined when not learned. */
  learnerFor(segment: string | undefined): RiskRuleLearner | undefined {
    if (segment === undefined) return undefined;
    let learner = this.learners.get(segment);
    if (!learner && this.learners.size < (this.options.maxSegments ?? DEFAULT_MAX_SEGMENTS)) {
      learner = new RiskRuleLearner(this.settings, this.options.warmStart?.(segment));
      this.learners.set(segment, learner);
    }
    return learner;
  }

  /**
   * The cut a decision of this segment is released at: +∞ (review) for an unknown or not yet certified segment. A new
   * segment's learner is created here, so a warm-started one routes its first decision by the inherited cut.
   */
  releaseCut(segment: string | undefined): number {
    return this.learnerFor(segment)?.releaseCut() ?? Number.POSITIVE_INFINITY;
  }

  /**
   * One routed decision, to its segment's learner only (arguments as {@link RiskRuleLearner.observe}). Returns true on
   * a drift alarm of that segment; the other segments keep their evidence.
   */
  observe(
    segment: string | undefined,
    outcome: RoutedOutcome,
    floor: number,
    cutInForce: number,
    errorCost = 0,
  ): boolean {
    const learner = this.learnerFor(segment);
    return learner ? learner.observe(outcome, floor, cutInForce, errorCost) : false;
  }

  /** What a successor's learner of this segment may inherit (+∞: nothing); see {@link RiskRuleLearner.inheritableCut}. */
  inheritableCut(segment: string, steps: number): number {
    return this.learners.get(segment)?.inheritableCut(steps) ?? Number.POSITIVE_INFINITY;
  }

  /** Segment values learned so far, with their learners (for reports and warm starts of a successor). */
  entries(): [string, RiskRuleLearner][] {
    return [...this.learners.entries()];
  }

  get driftAlarms(): number {
    let alarms = 0;
    for (const learner of this.learners.values()) alarms += learner.driftAlarms;
    return alarms;
  }
}
