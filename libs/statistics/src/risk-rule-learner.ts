import { DriftMonitor } from './drift-monitor';
import { releaseCuts } from './release-cuts';
import { RiskBudget, RiskControl, RoutedOutcome } from './risk-control';

/** How a decision's safety is measured: its confidence, or minus the expected cost of an error. */
export type RiskMode = 'confidence' | 'expected-loss';

export interface RiskRuleSettings {
  budget: RiskBudget;
  mode: RiskMode;
  /** Cost of one review, in the error cost's unit; used only in expected-loss mode. */
  reviewCost: number;
  /** Decisions of a new version reviewed before any test starts; they only place the cuts. */
  burnIn: number;
  /** Level of the drift monitor's alarm. */
  driftDelta: number;
}

/**
 * An opt-in warm start: a cut a new model version may release at before its own evidence certifies one, taken from its
 * predecessor (see {@link RiskRuleLearner.inheritableCut}). Off unless given. Sound only under an extra assumption
 * (docs/decisions/0007-risk-control.md): at that cut the successor's released error is no higher than the
 * predecessor's. The drift monitor watches it from the first released decision; an alarm drops the inheritance.
 */
export interface WarmStart {
  cut: number;
}

/**
 * How safe releasing a decision is: its confidence, or −(1 − confidence) · errorCost, the expected cost of releasing it
 * wrong. A decision whose error cost is unknown in expected-loss mode is the least safe of all (never released).
 */
export function safetyOf(mode: RiskMode, confidence: number, errorCost?: number): number {
  if (mode === 'confidence') return confidence;
  if (errorCost === undefined || !Number.isFinite(errorCost)) return Number.NEGATIVE_INFINITY;
  return -(1 - confidence) * Math.max(0, errorCost);
}

/**
 * What one workflow × model version has learned, decision by decision, in the order they were routed: the policy lab
 * and the feedback service both run this, so the platform releases by the rule the lab measured.
 *
 * The first `burnIn` decisions only place the cuts ({@link releaseCuts}); every later one feeds a
 * {@link RiskControl} (Learn-then-Test). Once a cut is in force, a {@link DriftMonitor} watches the released
 * decisions; its alarm throws the evidence away and the version starts over, reviewed in full.
 */
export class RiskRuleLearner {
  private burnInSafeties: number[] = [];
  private control?: RiskControl;
  private monitor?: DriftMonitor;
  /** Inverse-propensity estimates, per cut, of the released errors' cost and of the reviews (expected-loss mode). */
  private errorCost?: Float64Array;
  private reviews?: Float64Array;
  /** Decisions tallied since the cuts were placed (expected-loss mode). */
  private seen = 0;
  /** Drift alarms so far; each one restarted the version. */
  driftAlarms = 0;
  /** The predecessor's cut, while the warm start stands (dropped for good at the first drift alarm). */
  private inherited: number;

  constructor(
    readonly settings: RiskRuleSettings,
    warmStart?: WarmStart,
  ) {
    this.inherited = warmStart?.cut ?? Number.POSITIVE_INFINITY;
  }

  /** Whether the version still may release on its predecessor's evidence (a warm start not yet dropped). */
  get warmStarted(): boolean {
    return Number.isFinite(this.inherited);
  }

  /** Whether the cut in force now is the inherited one (its own evidence has not gone as deep): the assumption rules. */
  get inheritedInForce(): boolean {
    return this.inherited < this.ownReleaseCut();
  }

  /** True while the version is still in its burn-in: nothing can be certified yet. */
  get inBurnIn(): boolean {
    return this.control === undefined;
  }

  /** Decisions of the burn-in still to come before the tests start. */
  get burnInRemaining(): number {
    return this.control ? 0 : this.settings.burnIn - this.burnInSafeties.length;
  }

  /** The risk control of the current evidence (after the burn-in), for reports. */
  get riskControl(): RiskControl | undefined {
    return this.control;
  }

  /**
   * One routed decision, after the fact. During the burn-in only its safety counts (the decision was reviewed in
   * full). `floor` is the least propensity the rule in force when it was routed could give; `cutInForce` that rule's
   * cut (+∞ while nothing was released); `errorCost` what its error would cost (expected-loss mode). Returns true when
   * the drift monitor raised an alarm on it: the evidence is gone and the version starts over.
   */
  observe(outcome: RoutedOutcome, floor: number, cutInForce: number, errorCost = 0): boolean {
    if (!this.control) {
      this.burnInSafeties.push(outcome.safety);
      if (this.burnInSafeties.length >= this.settings.burnIn) this.start();
      // Without a warm start nothing is released on this evidence during a burn-in: a cut still in force then (the
      // router's lag after a drift restart) is the old evidence's, already alarmed on.
      if (!this.warmStarted) return false;
    } else {
      if (this.settings.mode === 'expected-loss') this.tallyCosts(outcome, errorCost);
      this.control.observe(outcome, floor);
    }
    // Under a warm start the monitor watches the inherited cut from the first released decision, burn-in included.
    if (!Number.isFinite(cutInForce)) return false;
    this.monitor ??= new DriftMonitor(this.settings.budget.maxErrorRate, this.settings.driftDelta);
    this.monitor.observe(outcome, cutInForce);
    if (!this.monitor.alarmed) return false;
    this.driftAlarms++;
    this.inherited = Number.POSITIVE_INFINITY;
    this.restart();
    return true;
  }

  /**
   * The cut to release at, +∞ (release nothing) while none is certified. Confidence mode releases at the least
   * conservative certified cut. Expected-loss mode may pick any certified cut (the guarantee covers all of them at
   * once), so it picks the one with the least estimated cost — or none, when reviewing everything is estimated cheaper.
   */
  releaseCut(): number {
    // Under a warm start the less conservative of the inherited cut and the version's own: each is covered by its
    // own test (the predecessor's, with the assumption; this version's), so both at once by a union bound.
    return Math.min(this.inherited, this.ownReleaseCut());
  }

  /**
   * The cut a successor may inherit: this version's cut in force, moved `steps` cuts more conservative along its own
   * (certified) sequence — the discount for not yet having the successor's own evidence. +∞ when nothing is certified
   * or the steps run past the most conservative cut. Only certified cuts are ever returned, so the predecessor's
   * guarantee covers the cut itself; whether it covers the successor is the warm start's assumption.
   */
  inheritableCut(steps: number): number {
    const cut = this.ownReleaseCut();
    const control = this.control;
    if (!control || !Number.isFinite(cut)) return Number.POSITIVE_INFINITY;
    const index = control.cuts.indexOf(cut) - steps;
    return index >= 0 ? control.cuts[index] : Number.POSITIVE_INFINITY;
  }

  private ownReleaseCut(): number {
    const control = this.control;
    if (!control) return Number.POSITIVE_INFINITY;
    if (this.settings.mode === 'confidence') return control.releaseCut();
    const errorCost = this.errorCost as Float64Array;
    const reviews = this.reviews as Float64Array;
    let best = Number.POSITIVE_INFINITY;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let j = 0; j < control.certifiedCount; j++) {
      const cost = errorCost[j] + reviews[j] * this.settings.reviewCost;
      if (cost < bestCost) {
        bestCost = cost;
        best = control.cuts[j];
      }
    }
    // Reviewing everything costs reviewCost per decision; release only where that is beaten.
    return bestCost < this.seen * this.settings.reviewCost ? best : Number.POSITIVE_INFINITY;
  }

  private start(): void {
    const cuts = releaseCuts(this.burnInSafeties);
    this.control = new RiskControl(cuts, this.settings.budget);
    this.errorCost = new Float64Array(cuts.length);
    this.reviews = new Float64Array(cuts.length);
  }

  private restart(): void {
    this.burnInSafeties = [];
    this.control = undefined;
    this.monitor = undefined;
    this.errorCost = undefined;
    this.reviews = undefined;
    this.seen = 0;
  }

  private tallyCosts(outcome: RoutedOutcome, errorCost: number): void {
    this.seen++;
    const control = this.control as RiskControl;
    const costs = this.errorCost as Float64Array;
    const reviews = this.reviews as Float64Array;
    for (let j = 0; j < control.cuts.length; j++) {
      if (outcome.safety >= control.cuts[j]) {
        if (outcome.judged && outcome.wrong) costs[j] += errorCost / outcome.propensity;
      } else reviews[j]++;
    }
  }
}
