import { FinalDecisionV1, RoutedDecisionV1, TrustLevel } from '@countersign/contracts';
import { Proportion, proportion } from './proportion';
import { sameJson } from './same-json';
import { GroundTruth } from './simulated-decision';

/** When a workflow's decisions started being routed at a trust level (the trust ladder over time). */
export interface TrustStep {
  from: string;
  trustLevel: TrustLevel;
  policyVersion: number;
}

/** How often one model version was right: over all its decisions, and over those released without review. */
export interface VersionTruth {
  modelVersion: string;
  accuracy: Proportion;
  autonomousAccuracy: Proportion;
}

/** What happened to one workflow's decisions, told against the ground truth only the simulator knows. */
export interface WorkflowOversight {
  workflow: string;
  routed: number;
  autonomous: number;
  reviewed: number;
  /** Why reviewed decisions went to review: reason → decisions (one decision may have several reasons). */
  reviewReasons: Record<string, number>;
  /** Decisions with a final outcome, and routed ones still waiting for it (open review tasks). */
  final: number;
  awaitingFinal: number;
  /** How often the model itself was right, over every routed decision (the true accuracy). */
  modelAccuracy: Proportion;
  /** The same per model version (the platform measures each version on its own). */
  versions: VersionTruth[];
  /** Of the model's wrong outputs that reached a final outcome, the share review kept from release. */
  catchRate: Proportion;
  /**
   * The catch rate as the platform defines and measures it: errors caught by review ÷ (those + errors released
   * autonomously). An error a reviewer approved is in neither part — the platform cannot see it without a second
   * look — so with imperfect reviewers this is higher than `catchRate`.
   */
  platformCatchRate: Proportion;
  /** Of final outcomes released to downstream systems (not rejected), the share that were wrong. */
  residualErrorRate: Proportion;
  trustTimeline: TrustStep[];
}

/** True when the released output is what should have been released. */
function releasedRight(final: FinalDecisionV1, truth: GroundTruth): boolean {
  return sameJson(final.finalOutput, truth.trueOutput);
}

function trustTimeline(routed: RoutedDecisionV1[]): TrustStep[] {
  const steps: TrustStep[] = [];
  const ordered = [...routed].sort((a, b) => a.routedAt.localeCompare(b.routedAt));
  for (const event of ordered) {
    const last = steps[steps.length - 1];
    const { trustLevel, policyVersion } = event.routing;
    if (!last || last.trustLevel !== trustLevel || last.policyVersion !== policyVersion) {
      steps.push({ from: event.routedAt, trustLevel, policyVersion });
    }
  }
  return steps;
}

/**
 * The oversight report of one run: per workflow, where its decisions went and why, and how right the released
 * outcomes are. Only decisions whose truth is known (this run's) count; `truths` is keyed by decision id.
 */
export function oversightReport(
  routed: RoutedDecisionV1[],
  finals: FinalDecisionV1[],
  truths: ReadonlyMap<string, GroundTruth>,
): WorkflowOversight[] {
  const finalById = new Map(finals.map((final) => [final.decisionId, final]));
  const workflows = new Map<string, RoutedDecisionV1[]>();
  for (const event of routed) {
    if (!truths.has(event.decisionId)) continue;
    const list = workflows.get(event.decision.workflow) ?? [];
    list.push(event);
    workflows.set(event.decision.workflow, list);
  }
  return [...workflows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([workflow, events]) => {
      const reviewReasons: Record<string, number> = {};
      let autonomous = 0;
      let modelRight = 0;
      let wrongFinal = 0;
      let caught = 0;
      let released = 0;
      let releasedWrong = 0;
      let escapedAutonomously = 0;
      let final = 0;
      const versions = new Map<string, { right: number; n: number; autonomousRight: number; autonomous: number }>();
      for (const event of events) {
        const truth = truths.get(event.decisionId) as GroundTruth;
        const version = versions.get(truth.modelVersion) ?? { right: 0, n: 0, autonomousRight: 0, autonomous: 0 };
        versions.set(truth.modelVersion, version);
        version.n++;
        if (truth.modelCorrect) version.right++;
        if (truth.modelCorrect) modelRight++;
        if (event.routing.route === 'autonomous') {
          autonomous++;
          version.autonomous++;
          if (truth.modelCorrect) version.autonomousRight++;
        }
        for (const reason of event.routing.reasons) reviewReasons[reason] = (reviewReasons[reason] ?? 0) + 1;
        const outcome = finalById.get(event.decisionId);
        if (!outcome) continue;
        final++;
        if (!truth.modelCorrect) {
          wrongFinal++;
          if (outcome.outcome === 'autonomous') escapedAutonomously++;
          if (outcome.outcome === 'rejected' || releasedRight(outcome, truth)) caught++;
        }
        if (outcome.outcome !== 'rejected') {
          released++;
          if (!releasedRight(outcome, truth)) releasedWrong++;
        }
      }
      return {
        workflow,
        routed: events.length,
        autonomous,
        reviewed: events.length - autonomous,
        reviewReasons,
        final,
        awaitingFinal: events.length - final,
        modelAccuracy: proportion(modelRight, events.length),
        versions: [...versions.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([modelVersion, v]) => ({
            modelVersion,
            accuracy: proportion(v.right, v.n),
            autonomousAccuracy: proportion(v.autonomousRight, v.autonomous),
          })),
        catchRate: proportion(caught, wrongFinal),
        platformCatchRate: proportion(caught, caught + escapedAutonomously),
        residualErrorRate: proportion(releasedWrong, released),
        trustTimeline: trustTimeline(events),
      };
    });
}
