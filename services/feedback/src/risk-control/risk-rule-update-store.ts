import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { LearnedRiskRule, riskRuleKey } from '@countersign/contracts';
import { LastLooser } from '../domain/risk-rule-update';

/** The session advisory lock one replica holds while it runs a risk-control pass. */
const PASS_LOCK = 'countersign-feedback:risk-rules';

export const RISK_RULE_UPDATE_OUTCOMES = ['applied', 'proposed', 'advice'] as const;
export type RiskRuleUpdateOutcome = (typeof RISK_RULE_UPDATE_OUTCOMES)[number];

export interface RiskRuleUpdateRecord {
  workflow: string;
  direction: 'tighter' | 'looser';
  rules: LearnedRiskRule[];
  outcome: RiskRuleUpdateOutcome;
  policyVersion?: number;
  proposalId?: string;
  note: string;
}

export type RecordedRiskRuleUpdate = RiskRuleUpdateRecord & { recordedAt: string };

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

  /**
   * The recorded updates, newest first: of one workflow, or of `workflows` (every workflow when neither is given), of
   * one outcome when asked.
   */
  async recent(query: {
    workflow?: string;
    workflows?: readonly string[];
    outcome?: RiskRuleUpdateOutcome;
    limit: number;
  }): Promise<RecordedRiskRuleUpdate[]> {
    const rows: Array<{
      workflow: string;
      direction: 'tighter' | 'looser';
      rules: LearnedRiskRule[];
      outcome: RiskRuleUpdateOutcome;
      policy_version: number | null;
      proposal_id: string | null;
      note: string;
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT workflow, direction, rules, outcome, policy_version, proposal_id, note, created_at
         FROM feedback.risk_rule_updates
        WHERE ($1::text IS NULL OR workflow = $1)
          AND ($2::text[] IS NULL OR workflow = ANY($2))
          AND ($3::text IS NULL OR outcome = $3)
        ORDER BY created_at DESC, id DESC
        LIMIT $4`,
      [query.workflow ?? null, query.workflows ?? null, query.outcome ?? null, query.limit],
    );
    return rows.map((row) => ({
      workflow: row.workflow,
      direction: row.direction,
      rules: row.rules,
      outcome: row.outcome,
      ...(row.policy_version === null ? {} : { policyVersion: row.policy_version }),
      ...(row.proposal_id === null ? {} : { proposalId: row.proposal_id }),
      note: row.note,
      recordedAt: row.created_at.toISOString(),
    }));
  }

  /** The last looser update recorded for the workflow: its cuts (by model version × segment) and what became of it. */
  async lastLooser(workflow: string): Promise<LastLooser | undefined> {
    const rows: Array<{ rules: LearnedRiskRule[]; outcome: RiskRuleUpdateOutcome }> = await this.dataSource.query(
      `SELECT rules, outcome FROM feedback.risk_rule_updates WHERE workflow = $1 AND direction = 'looser'
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [workflow],
    );
    return rows[0] ? { cuts: cutsKey(rows[0].rules), outcome: rows[0].outcome } : undefined;
  }

  /**
   * Runs `pass` only if no other replica is running one (a session advisory lock, tried, never waited for): each
   * replica's scheduler would otherwise read the same evidence and file the same proposal twice. Returns whether it
   * ran. The lock lives on a connection of its own, outside the pool: the pool may be as small as 2 with the outbox
   * relay's leader holding one, and the pass needs the rest. Ending the session frees the lock, whatever happened.
   */
  async exclusively(pass: () => Promise<void>): Promise<boolean> {
    const lockConnection = new Client({
      connectionString: (this.dataSource.options as PostgresConnectionOptions).url,
      application_name: 'countersign-feedback-risk-lock',
    });
    // Without a listener, the server closing this connection would crash the process.
    lockConnection.on('error', () => undefined);
    try {
      await lockConnection.connect();
      const { rows } = await lockConnection.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [PASS_LOCK],
      );
      if (rows[0]?.locked !== true) return false;
      await pass();
      return true;
    } finally {
      await lockConnection.end().catch(() => undefined);
    }
  }
}

/** What identifies a rule set for sending it once: each version's (× segment's) cut. */
export function cutsKey(rules: readonly LearnedRiskRule[]): string {
  return JSON.stringify(
    rules.map((rule) => [riskRuleKey(rule), rule.cut]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
  );
}
