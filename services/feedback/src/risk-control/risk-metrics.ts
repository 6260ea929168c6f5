import { Injectable, OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';
import { RiskRuleProposal } from '../domain/risk-rule-update';

type BoundLabels = Partial<Record<'workflow' | 'model_version' | 'segment', string>>;

/**
 * The risk budget as operators page on it (deploy/prometheus/alerts.yml, CountersignRiskBudgetBurn and
 * CountersignRiskRuleWithdrawn): per workflow its budget, and per model version with a certified rule the upper 95%
 * bound of its released error, estimated from the rule's test evidence — the burn is bound ÷ budget. Set by the
 * replica that ran the last risk-control pass; alert on max() over replicas.
 */
@Injectable()
export class RiskMetrics implements OnModuleInit {
  private budget!: Gauge<'workflow'>;
  private upperBound!: Gauge<'workflow' | 'model_version' | 'segment'>;
  /** Per workflow, the label sets of the bounds the last pass set: the next pass replaces them all. */
  private readonly bounds = new Map<string, BoundLabels[]>();
  private certified!: Gauge<'workflow'>;
  private tightened!: Counter<'workflow'>;

  onModuleInit(): void {
    // A second app in one process (tests) replaces the first's series.
    for (const name of [
      'countersign_risk_budget_max_error_rate',
      'countersign_risk_released_error_upper_bound',
      'countersign_risk_certified_versions',
      'countersign_risk_rules_tightened_total',
    ]) {
      register.removeSingleMetric(name);
    }
    this.budget = new Gauge({
      name: 'countersign_risk_budget_max_error_rate',
      help: "A workflow's risk budget: the highest acceptable error rate of released decisions",
      labelNames: ['workflow'],
    });
    this.upperBound = new Gauge({
      name: 'countersign_risk_released_error_upper_bound',
      help: 'Upper 95% bound of the released error rate under the certified rule, from its test evidence',
      // segment only under the budget's opt-in segmentBy: a rule per model version × segment.
      labelNames: ['workflow', 'model_version', 'segment'],
    });
    this.certified = new Gauge({
      name: 'countersign_risk_certified_versions',
      help: 'Model versions (× segments) of a workflow released by a certified rule (the others are reviewed in full)',
      labelNames: ['workflow'],
    });
    this.tightened = new Counter({
      name: 'countersign_risk_rules_tightened_total',
      help: 'Risk rules withdrawn or raised at once (a drift alarm, a higher cut): more oversight',
      labelNames: ['workflow'],
    });
  }

  /**
   * What one pass learned for a workflow: every version's (× segment's) series is replaced, one without a rule drops
   * out — as does one of a segmentation no longer in force.
   */
  learned(workflow: string, maxErrorRate: number, learned: ReadonlyMap<string, RiskRuleProposal | undefined>): void {
    this.budget.set({ workflow }, maxErrorRate);
    for (const labels of this.bounds.get(workflow) ?? []) this.upperBound.remove(labels);
    const bounds: BoundLabels[] = [];
    let certified = 0;
    for (const rule of learned.values()) {
      if (!rule) continue;
      certified++;
      const upper = rule.evidence?.['releasedErrorUpper95'];
      if (typeof upper !== 'number') continue;
      const labels = {
        workflow,
        model_version: rule.modelVersion,
        ...(rule.segment === undefined ? {} : { segment: rule.segment }),
      };
      this.upperBound.set(labels, upper);
      bounds.push(labels);
    }
    this.bounds.set(workflow, bounds);
    this.certified.set({ workflow }, certified);
  }

  tightenedAtOnce(workflow: string): void {
    this.tightened.inc({ workflow });
  }
}
