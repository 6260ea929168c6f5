import { WorkflowOversight } from './domain/oversight-report';
import { formatProportion } from './domain/proportion';
import { describeFigure, MeasuredShare, PlatformFigure } from './platform-reports';

/** What the platform itself reports for a workflow, beside the simulator's truth. */
export interface MeasuredFigures {
  accuracy: PlatformFigure<MeasuredShare>;
  catchRate: PlatformFigure<MeasuredShare>;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const share = (part: number, whole: number) => (whole > 0 ? percent(part / whole) : '-');
const measured = (figure: PlatformFigure<MeasuredShare>) =>
  describeFigure(figure, ({ value, low, high }) => `${percent(value)} [${percent(low)}, ${percent(high)}]`);

/** One workflow's block of the oversight report, as the demo prints it. */
export function workflowText(report: WorkflowOversight, platform: MeasuredFigures): string[] {
  const reasons = Object.entries(report.reviewReasons)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  const timeline = report.trustTimeline
    .map((step) => `level ${step.trustLevel} (policy v${step.policyVersion}) from ${step.from.slice(11, 19)}`)
    .join(' → ');
  return [
    `${report.workflow}: ${report.routed} decisions, ${report.autonomous} autonomous (${share(report.autonomous, report.routed)}), ` +
      `${report.reviewed} reviewed (${share(report.reviewed, report.routed)})`,
    `  why reviewed:        ${reasons || 'none'}`,
    `  final outcomes:      ${report.final} (${report.awaitingFinal} still with reviewers or a human)`,
    `  model accuracy       true ${formatProportion(report.modelAccuracy)}`,
    `                       measured by the platform: ${measured(platform.accuracy)}`,
    `  catch rate           true ${formatProportion(report.catchRate)}`,
    `                       measured by the platform: ${measured(platform.catchRate)}`,
    `  released, but wrong  ${formatProportion(report.residualErrorRate)}`,
    `  trust level:         ${timeline || 'no decisions routed'}`,
  ];
}
