import { accuracyTruth } from './domain/accuracy-truth';
import { WorkflowOversight } from './domain/oversight-report';
import { formatProportion } from './domain/proportion';
import { describeFigure, MeasuredCatchRate, MeasuredShare, ModelAccuracy, PlatformFigure } from './platform-reports';

/** What the platform itself reports for a workflow, beside the simulator's truth. */
export interface MeasuredFigures {
  accuracy: PlatformFigure<ModelAccuracy[]>;
  catchRate: PlatformFigure<MeasuredCatchRate>;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const share = (part: number, whole: number) => (whole > 0 ? percent(part / whole) : '-');
const interval = ({ value, low, high, n }: MeasuredShare) =>
  `${percent(value)} [${percent(low)}, ${percent(high)}]${n === undefined ? '' : ` (n=${n})`}`;

function accuracyLines(report: WorkflowOversight, figure: PlatformFigure<ModelAccuracy[]>): string[] {
  if (!figure.available)
    return [`                       measured by the platform: ${describeFigure(figure, () => '')}`];
  return figure.value.map((model) => {
    const truth = accuracyTruth(report, model.modelVersion, model.basis);
    const basis = model.basis === 'random_samples' ? 'all decisions, random samples' : 'released, audit samples';
    return (
      `    model ${model.modelVersion.padEnd(14)} measured ${interval(model.accuracy)} (${basis}); ` +
      `true ${truth ? formatProportion(truth) : 'n/a'}`
    );
  });
}

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
    ...accuracyLines(report, platform.accuracy),
    `  catch rate           true ${formatProportion(report.catchRate)} of all errors`,
    `                       true ${formatProportion(report.platformCatchRate)} as the platform defines it (errors a reviewer approved left out)`,
    `                       measured by the platform: ${describeFigure(
      platform.catchRate,
      (rate) => `${interval(rate)} (${rate.caught} caught, ${rate.released} released, ${rate.audited} audited)`,
    )}`,
    `  released, but wrong  ${formatProportion(report.residualErrorRate)}`,
    `  trust level:         ${timeline || 'no decisions routed'}`,
  ];
}
