import { WorkflowOversight } from './oversight-report';
import { Proportion } from './proportion';

/**
 * The true accuracy a platform estimate of one model version stands for: random samples are drawn from all of the
 * version's decisions, audit samples only from those released without review, so each is held against its own truth.
 */
export function accuracyTruth(
  report: WorkflowOversight,
  modelVersion: string,
  basis: 'random_samples' | 'audit_samples',
): Proportion | undefined {
  const version = report.versions.find((v) => v.modelVersion === modelVersion);
  if (!version) return undefined;
  return basis === 'random_samples' ? version.accuracy : version.autonomousAccuracy;
}
