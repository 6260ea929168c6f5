import {
  certifiedFor,
  LearnedRiskRule,
  RiskBudgetSettings,
  RiskMode,
  riskRuleKey,
  riskRuleLabel,
} from '@countersign/contracts';

/**
 * A learned rule for one model version (× segment, under the budget's segmentBy), as feedback would publish it now
 * (inherited under a warm start).
 */
export type RiskRuleProposal = Pick<
  LearnedRiskRule,
  'modelVersion' | 'segment' | 'cut' | 'trustLevel' | 'evidence' | 'inheritedFrom'
>;

/**
 * How the learned rules should change, split by direction: `tighter` only withdraws rules or raises cuts (more
 * oversight: applied at once), `target` is every change including those that release more (less oversight: these
 * follow the workflow's approval setting). Either is undefined when it would change nothing.
 */
export interface RiskRuleUpdate {
  readonly tighter?: LearnedRiskRule[];
  readonly target?: LearnedRiskRule[];
  /** One line per change, for the audit trail. */
  readonly tighterNotes: string[];
  readonly looserNotes: string[];
}

/** The last looser update feedback recorded for a workflow: its cuts (one key per rule set) and what became of it. */
export interface LastLooser {
  readonly cuts: string;
  readonly outcome: 'applied' | 'proposed' | 'advice';
}

/**
 * Whether looser rules with these cuts still have to be sent. Rules the router already applied or an admin has as a
 * proposal are not sent again (every pass would file the same proposal); advice is not recorded twice either. But
 * advice only reached the audit trail, not the router: once the workflow opts in to auto-apply, the same rules go out.
 */
export function looserStillToSend(last: LastLooser | undefined, cuts: string, autoApply: boolean): boolean {
  if (last === undefined || last.cuts !== cuts) return true;
  return last.outcome === 'advice' && autoApply;
}

/**
 * Compares the rules in force with what the evidence now certifies, per model version (× segment under the budget's
 * segmentBy; `learned` is keyed by riskRuleKey). A key whose certified cut is unchanged keeps its rule as it is (the
 * evidence grows every run; republishing the same cut would only add policy versions). Rules certified for another
 * budget, mode or segmentation are void in the router already ({@link certifiedFor}), and dropped.
 */
export function planRiskRuleUpdate(
  budget: RiskBudgetSettings,
  learned: ReadonlyMap<string, RiskRuleProposal | undefined>,
  learnedAt: string,
): RiskRuleUpdate {
  const mode: RiskMode = budget.errorCostAttribute === undefined ? 'confidence' : 'expected-loss';
  const confidence = budget.confidence ?? 0.95;
  const current = new Map(
    (budget.learnedRules ?? []).filter((rule) => certifiedFor(rule, budget)).map((rule) => [riskRuleKey(rule), rule]),
  );
  const stale = (budget.learnedRules ?? []).length !== current.size;
  const tighter = new Map(current);
  const target = new Map(current);
  // Void rules release nothing in the router; dropping them changes no routing, but the trail should say why.
  const tighterNotes: string[] = (budget.learnedRules ?? [])
    .filter((rule) => !certifiedFor(rule, budget))
    .map(
      (rule) => `${riskRuleLabel(rule)}: void under this budget (certified for another one or segmentation), dropped`,
    );
  const looserNotes: string[] = [];
  const asRule = (proposal: RiskRuleProposal): LearnedRiskRule => ({
    modelVersion: proposal.modelVersion,
    mode,
    cut: proposal.cut,
    maxErrorRate: budget.maxErrorRate,
    confidence,
    trustLevel: proposal.trustLevel,
    evidence: proposal.evidence,
    learnedAt,
    ...(proposal.inheritedFrom === undefined ? {} : { inheritedFrom: proposal.inheritedFrom }),
    ...(proposal.segment === undefined ? {} : { segmentBy: budget.segmentBy, segment: proposal.segment }),
  });
  const label = (proposal: RiskRuleProposal) => riskRuleLabel({ ...proposal, segmentBy: budget.segmentBy });
  for (const key of new Set([...current.keys(), ...learned.keys()])) {
    const before = current.get(key);
    const next = learned.get(key);
    if (before && !next) {
      tighter.delete(key);
      target.delete(key);
      tighterNotes.push(`${riskRuleLabel(before)}: rule withdrawn (cut ${before.cut}), reviewed in full`);
    } else if (next && (!before || next.cut < before.cut)) {
      target.set(key, asRule(next));
      looserNotes.push(`${label(next)}: cut ${before?.cut ?? 'none'} -> ${next.cut}${evidenceNote(next)}`);
    } else if (next && before && next.cut > before.cut) {
      tighter.set(key, asRule(next));
      target.set(key, asRule(next));
      tighterNotes.push(`${label(next)}: cut ${before.cut} -> ${next.cut}${evidenceNote(next)}`);
    }
  }
  return {
    ...(tighterNotes.length > 0 || stale ? { tighter: [...tighter.values()] } : {}),
    ...(looserNotes.length > 0 ? { target: [...target.values()] } : {}),
    tighterNotes,
    looserNotes,
  };
}

function evidenceNote(proposal: RiskRuleProposal): string {
  const e = proposal.evidence;
  const percent = (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(2)}%` : '?');
  if (proposal.inheritedFrom !== undefined) {
    return (
      ` (warm start: inherited from ${proposal.inheritedFrom}, assumed no worse there; n=${String(e['replayed'])}, ` +
      `releases ${percent(e['releasedShare'])}, level ${proposal.trustLevel})`
    );
  }
  return (
    ` (n=${String(e['tested'])}, judged ${String(e['judged'])}, releases ${percent(e['releasedShare'])}, ` +
    `released error ${percent(e['releasedErrorEstimate'])} upper 95% ${percent(e['releasedErrorUpper95'])}, ` +
    `certified p=${String(e['certifyingPValue'])}, level ${proposal.trustLevel})`
  );
}
