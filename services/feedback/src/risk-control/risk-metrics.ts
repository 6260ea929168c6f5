import { Injectable, OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';
import { RiskRuleProposal } from '../domain/risk-rule-update';

/**
 * The risk budget as operators page on it (deploy/prometheus/alerts.yml, CountersignRiskBudgetBurn and
 * CountersignRiskRuleWithdrawn): per workflow its budget, and per model version with a certified rule the upper 95%
 * bound of its released error, estimated from the rule's test evidence — the burn is bound ÷ budget. Set by the
 * replica that ran the last risk-control pass; alert on max() over replicas.
 */
@Injectable()
export class RiskMetrics implements OnModuleInit {
  private budget!: Gauge<'workflow'>;
  private upperBound!: Gauge<'workflow' | 'model_version'>;
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
      labelNames: ['workflow', 'model_version'],
    });
    this.certified = new Gauge({
      name: 'countersign_risk_certified_versions',
      help: 'Model versions of a workflow released by a certified rule (the others are reviewed in full)',
      labelNames: ['workflow'],
    });
    this.tightened = new Counter({
      name: 'countersign_risk_rules_tightened_total',
      help: 'Risk rules withdrawn or raised at once (a drift alarm, a higher cut): more oversight',
      labelNames: ['workflow'],
    });
  }

  /** What one pass learned for a workflow: every version's series is replaced, a version without a rule drops out. */
  learned(workflow: string, maxErrorRate: number, learned: ReadonlyMap<string, RiskRuleProposal | undefined>): void {
    this.budget.set({ workflow }, maxErrorRate);
    let certified = 0;
    for (const [modelVersion, rule] of learned) {
      if (!rule) {
        this.upperBound.remove({ workflow, model_version: modelVersion });
        continue;
      }
      certified++;
      const upper = rule.evidence?.['releasedErrorUpper95'];
      if (typeof upper === 'number') this.upperBound.set({ workflow, model_version: modelVersion }, upper);
    }
    this.certified.set({ workflow }, certified);
  }

  tightenedAtOnce(workflow: string): void {
    this.tightened.inc({ workflow });
  }
}
