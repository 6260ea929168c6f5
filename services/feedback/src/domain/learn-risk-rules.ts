import { riskRuleKey } from '@countersign/contracts';
import { DEFAULT_MAX_SEGMENTS, RiskRuleSettings } from '@countersign/statistics';
import { learnRiskRule } from './learn-risk-rule';
import { RiskEvidence } from './risk-observation';
import { RiskRuleProposal } from './risk-rule-update';

/** The budget's opt-in variants, as the replay needs them. */
export interface RiskRuleVariants {
  /** `warmStartSteps`: each version (of each segment) may start from its predecessor's certified cut, so far back. */
  readonly warmStartSteps?: number;
  /** Distinct segments learned per model version; later ones get no rule (reviewed in full). */
  readonly maxSegments?: number;
}

/**
 * Each model version's — or, under `segmentBy`, each model version × segment's — certified rule, or undefined where
 * evidence certifies none yet; keyed by riskRuleKey. Every group is replayed on its own evidence by
 * {@link learnRiskRule} (the lab's RiskRuleLearner), as `SegmentedRiskRules` gives each segment its own learner: its
 * own burn-in, cuts, tests and drift monitor, so the guarantee holds per segment (ADR 0007).
 *
 * Groups come in the order of their first routed decision. A segment beyond the first `maxSegments` of its version
 * (20, the lab's default) is not learned, as in `SegmentedRiskRules`: an attribute with unbounded values would split
 * the evidence until nothing certifies, and the count is the K of the workflow-wide union bound. Under the warm
 * start, a group's predecessor is the version before it in the same segment (the version-wide rules' single segment
 * without segmentBy); it inherits only that one's own certified cut, never one it inherited itself.
 */
export function learnRiskRules(
  groups: readonly RiskEvidence[],
  settings: RiskRuleSettings,
  variants: RiskRuleVariants = {},
): Map<string, RiskRuleProposal | undefined> {
  const maxSegments = variants.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  const steps = variants.warmStartSteps;
  const segmentsOf = new Map<string, number>();
  /** Per segment (the empty key without segments): the last version learned and what it passes on. */
  const predecessors = new Map<string, { from: string; cut: number }>();
  const learned = new Map<string, RiskRuleProposal | undefined>();
  for (const group of groups) {
    if (group.segment !== undefined) {
      const seen = segmentsOf.get(group.modelVersion) ?? 0;
      if (seen >= maxSegments) continue;
      segmentsOf.set(group.modelVersion, seen + 1);
    }
    const lineage = group.segment ?? '';
    const predecessor = predecessors.get(lineage);
    const warmStart = steps !== undefined && predecessor && Number.isFinite(predecessor.cut) ? predecessor : undefined;
    const learning = learnRiskRule(group.observations, settings, { warmStart, inheritSteps: steps });
    predecessors.set(lineage, { from: group.modelVersion, cut: learning.inheritableCut });
    const scope = {
      modelVersion: group.modelVersion,
      ...(group.segment === undefined ? {} : { segment: group.segment }),
    };
    learned.set(
      riskRuleKey({ ...scope, segmentBy: group.segmentBy }),
      learning.cut === undefined
        ? undefined
        : {
            ...scope,
            cut: learning.cut,
            trustLevel: learning.trustLevel,
            evidence: learning.evidence,
            ...(learning.inheritedFrom === undefined ? {} : { inheritedFrom: learning.inheritedFrom }),
          },
    );
  }
  return learned;
}
