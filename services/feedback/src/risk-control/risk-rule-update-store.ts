import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LearnedRiskRule } from '@countersign/contracts';

export type RiskRuleUpdateOutcome = 'applied' | 'proposed' | 'advice';

export interface RiskRuleUpdateRecord {
  workflow: string;
  direction: 'tighter' | 'looser';
  rules: LearnedRiskRule[];
  outcome: RiskRuleUpdateOutcome;
  policyVersion?: number;
  proposalId?: string;
  note: string;
}

/** SQL for feedback.risk_rule_updates: every rule change feedback sent, proposed or only advised, and why. */
@Injectable()
export class RiskRuleUpdateStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(update: RiskRuleUpdateRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO feedback.risk_rule_updates (workflow, direction, rules, outcome, policy_version, proposal_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        update.workflow,
        update.direction,
        JSON.stringify(update.rules),
        update.outcome,
        update.policyVersion ?? null,
        update.proposalId ?? null,
        update.note,
      ],
    );
  }

  /** The cuts (by model version) of the last looser update proposed or advised, so the same one is not sent again. */
  async lastLooser(workflow: string): Promise<string | undefined> {
    const rows: Array<{ rules: LearnedRiskRule[] }> = await this.dataSource.query(
      `SELECT rules FROM feedback.risk_rule_updates WHERE workflow = $1 AND direction = 'looser'
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [workflow],
    );
    return rows[0] ? cutsKey(rows[0].rules) : undefined;
  }

  async history(workflow: string): Promise<Array<RiskRuleUpdateRecord & { createdAt: string }>> {
    const rows: Array<{
      direction: 'tighter' | 'looser';
      rules: LearnedRiskRule[];
      outcome: RiskRuleUpdateOutcome;
      policy_version: number | null;
      proposal_id: string | null;
      note: string;
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT direction, rules, outcome, policy_version, proposal_id, note, created_at
       FROM feedback.risk_rule_updates WHERE workflow = $1 ORDER BY created_at, id`,
      [workflow],
    );
    return rows.map((row) => ({
      workflow,
      direction: row.direction,
      rules: row.rules,
      outcome: row.outcome,
      ...(row.policy_version === null ? {} : { policyVersion: row.policy_version }),
      ...(row.proposal_id === null ? {} : { proposalId: row.proposal_id }),
      note: row.note,
      createdAt: row.created_at.toISOString(),
    }));
  }
}

/** What identifies a rule set for sending it once: each version's cut. */
export function cutsKey(rules: readonly LearnedRiskRule[]): string {
  return JSON.stringify(
    rules.map((rule) => [rule.modelVersion, rule.cut]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
  );
}
