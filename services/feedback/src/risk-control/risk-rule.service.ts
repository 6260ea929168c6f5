import { Injectable, Logger } from '@nestjs/common';
import { LearnedRiskRule, RiskBudgetSettings, RoutingPolicyDocument } from '@countersign/contracts';
import { TypedConfig } from '@countersign/platform';
import { RiskRuleSettings } from '@countersign/statistics';
import { learnRiskRules } from '../domain/learn-risk-rules';
import { looserStillToSend, planRiskRuleUpdate } from '../domain/risk-rule-update';
import { FeedbackEnvironment } from '../feedback-environment';
import { RecommendationStore } from '../recommendations/recommendation-store';
import { RouterPolicyClient } from '../recommendations/router-policy-client';
import { RiskMetrics } from './risk-metrics';
import { RiskObservationStore } from './risk-observation-store';
import { cutsKey, RiskRuleUpdateStore } from './risk-rule-update-store';

/** Reasons on the router's history are at most this long. */
const MAX_REASON = 2000;
const DRIFT_DELTA = 0.05;

/**
 * Closes the risk-budget loop (issue #15): per workflow with a risk budget, replays each model version's evidence
 * (each model version × segment's under the opt-in segmentBy),
 * and publishes the rules it certifies as a new policy version through the router's policy API — versioned and on the
 * audit trail there, with the evidence in the reason and in each rule. More oversight (a rule withdrawn after a drift
 * alarm, a higher cut) is published at once. Less follows the workflow's approval setting: applied only for a workflow
 * that opted in to auto-apply (PUT /api/v1/targets/:workflow), and then still subject to the router's two-person rule,
 * which turns it into a proposal for an admin; otherwise recorded as advice. A new model version needs nothing: the
 * router reviews every version without a rule in full.
 */
@Injectable()
export class RiskRuleService {
  private readonly log = new Logger(RiskRuleService.name);

  constructor(
    private readonly observations: RiskObservationStore,
    private readonly updates: RiskRuleUpdateStore,
    private readonly targets: RecommendationStore,
    private readonly router: RouterPolicyClient,
    private readonly config: TypedConfig<FeedbackEnvironment>,
    private readonly metrics: RiskMetrics,
  ) {}

  /** One pass over every workflow, skipped while another replica runs one; returns whether this one ran. */
  async run(now = new Date()): Promise<boolean> {
    const ran = await this.updates.exclusively(() => this.runAll(now));
    if (!ran) this.log.debug({ msg: 'risk control pass skipped: another replica is running one' });
    return ran;
  }

  private async runAll(now: Date): Promise<void> {
    for (const workflow of await this.observations.workflows()) {
      try {
        await this.runWorkflow(workflow, now);
      } catch (error) {
        this.log.warn({
          msg: 'risk rule update failed; will retry',
          workflow,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  private async runWorkflow(workflow: string, now: Date): Promise<void> {
    const current = await this.router.find(workflow);
    const budget = current?.policy.riskBudget;
    if (!current || !budget) return;
    const learned = await this.learn(workflow, budget);
    this.metrics.learned(workflow, budget.maxErrorRate, learned);
    const plan = planRiskRuleUpdate(budget, learned, now.toISOString());
    let version = current.version;
    if (plan.tighter) {
      const reason = this.reason(budget, 'more oversight, applied at once', plan.tighterNotes);
      const outcome = await this.router.put(workflow, withRules(current.policy, plan.tighter), reason, version);
      if (!('version' in outcome)) throw new Error(`router proposed a change that only raises oversight`);
      version = outcome.version;
      await this.updates.record({
        workflow,
        direction: 'tighter',
        rules: plan.tighter,
        outcome: 'applied',
        policyVersion: version,
        note: reason,
      });
      this.metrics.tightenedAtOnce(workflow);
      this.log.warn({ msg: 'risk rules tightened', workflow, policyVersion: version, changes: plan.tighterNotes });
    }
    if (!plan.target) return;
    const target = (await this.targets.targets()).get(workflow);
    const autoApply = target?.autoApply ?? false;
    if (!looserStillToSend(await this.updates.lastLooser(workflow), cutsKey(plan.target), autoApply)) return;
    const reason = this.reason(budget, 'less oversight', plan.looserNotes);
    if (!autoApply) {
      await this.updates.record({ workflow, direction: 'looser', rules: plan.target, outcome: 'advice', note: reason });
      this.log.log({ msg: 'risk rules certified; workflow not opted in to auto-apply', workflow });
      return;
    }
    const base = plan.tighter ? withRules(current.policy, plan.tighter) : current.policy;
    // Sent because the target's admin turned autoApply on: filed for them, so they cannot also approve it.
    const outcome = await this.router.put(workflow, withRules(base, plan.target), reason, version, target?.setBy);
    await this.updates.record({
      workflow,
      direction: 'looser',
      rules: plan.target,
      ...('version' in outcome
        ? { outcome: 'applied', policyVersion: outcome.version }
        : { outcome: 'proposed', proposalId: outcome.proposalId }),
      note: reason,
    });
    this.log.log({ msg: 'risk rules loosened', workflow, outcome, changes: plan.looserNotes });
  }

  /**
   * Each model version's (× segment's, under segmentBy) certified rule, or undefined where there is evidence but none
   * is certified. Only evidence routed under the budget's mode and segmentation counts: a decision routed under
   * another segmentation belongs to no segment of this one.
   */
  private async learn(workflow: string, budget: RiskBudgetSettings) {
    const settings: RiskRuleSettings = {
      budget: { maxErrorRate: budget.maxErrorRate, delta: 1 - (budget.confidence ?? 0.95) },
      mode: budget.errorCostAttribute === undefined ? 'confidence' : 'expected-loss',
      reviewCost: budget.reviewCost ?? 0,
      burnIn: this.config.get('FEEDBACK_RISK_BURN_IN'),
      driftDelta: DRIFT_DELTA,
    };
    const evidence = await this.observations.observations(workflow, settings.mode, budget.segmentBy);
    return learnRiskRules(evidence, settings, { warmStartSteps: budget.warmStartSteps });
  }

  private reason(budget: RiskBudgetSettings, direction: string, notes: readonly string[]): string {
    const confidence = ((budget.confidence ?? 0.95) * 100).toFixed(0);
    const text =
      `risk control (feedback), ${direction}: budget ${(budget.maxErrorRate * 100).toFixed(2)}% released error at ` +
      `${confidence}% confidence; ${notes.join('; ')}`;
    return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
  }
}

function withRules(policy: RoutingPolicyDocument, learnedRules: LearnedRiskRule[]): RoutingPolicyDocument {
  return { ...policy, riskBudget: { ...(policy.riskBudget as RiskBudgetSettings), learnedRules } };
}
