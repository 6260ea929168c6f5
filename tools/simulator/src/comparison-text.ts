import { ArmSummary, BaselineSettings } from './domain/comparison';
import { formatProportion } from './domain/proportion';

/** The comparison table as the demo prints it (markdown, so it can go into the README as it is). */
export function comparisonText(arms: ArmSummary[], baseline: BaselineSettings, recommendations: string): string[] {
  const names = {
    baseline: `fixed threshold ${baseline.threshold} + ${(baseline.sampleRate * 100).toFixed(0)}% random sample`,
    countersign: `Countersign's seed policies, feedback recommendations: ${recommendations}`,
  };
  return [
    'Comparison: the same decisions under two policies',
    '',
    '| policy | decisions | reviews needed | released | residual error rate of released decisions |',
    '| --- | --: | --: | --: | --- |',
    ...arms.map(
      (arm) =>
        `| ${names[arm.arm]} | ${arm.decisions} | ${arm.reviewed} (${arm.decisions ? ((arm.reviewed / arm.decisions) * 100).toFixed(1) : '-'}%) | ` +
        `${arm.released} | ${formatProportion(arm.residualErrorRate)} |`,
    ),
  ];
}
