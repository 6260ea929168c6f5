// `npm run demo -- [--decisions 600] [--rate 20] ...`: with the platform running (npm start), streams simulated
// decisions of the three seed workflows, lets simulated reviewers work the queues (leaving a share for a human in the
// UI) and prints an oversight report against the ground truth only the simulator knows.
import { writeFileSync } from 'node:fs';
import { oversightReport } from './domain/oversight-report';
import { DEMO_USAGE, demoOptions, DemoOptions, UsageError } from './demo-options';
import { checkKafka } from './kafka-client';
import { workflowText } from './oversight-text';
import { checkServices } from './platform-health';
import { ProgressDisplay } from './progress-display';
import {
  accuracyOf,
  catchRateOf,
  describeFigure,
  feedbackMetrics,
  issuedRecommendations,
  picked,
  ReportScope,
  reportEndpoints,
  setFeedbackTarget,
} from './platform-reports';
import { feedbackCaughtUp } from './feedback-catch-up';
import { Simulation } from './simulation-run';
import { BASELINE_SUFFIX, baselineCopy, baselinePolicy, compareArms } from './domain/comparison';
import { SCENARIOS } from './domain/scenarios';
import { comparisonText } from './comparison-text';
import { labAgreementText } from './lab-agreement-text';
import { putPolicy } from './router-policies';
import { simulatorToken } from './simulator-token';
import {
  AppliedRecommendations,
  applyRecommendationsAsTheyCome,
  describeApplied,
} from './recommendations-as-they-come';
import { sleep } from './simulated-reviewer';
import { guardEffectOf, guardEffectText, recordTruthAsGold } from './guard-effect-text';

async function report(simulation: Simulation, options: DemoOptions, applied?: AppliedRecommendations): Promise<void> {
  const { events, truths } = simulation;
  const workflows = oversightReport([...events.routed.values()], events.finals, truths.all);
  const endpoints = await reportEndpoints(options.feedbackUrl, options.auditUrl);
  const scope: ReportScope = { from: simulation.startedAt.toISOString() };
  const caughtUp = await feedbackCaughtUp(endpoints, scope, {
    judgments: new Set(events.completions.map((completion) => completion.taskId)).size,
    releasedByWorkflow: new Map(workflows.map((w) => [w.workflow, w.autonomous])),
  });
  const metrics = await feedbackMetrics(endpoints, scope);
  const judged = new Set(events.completions.map((completion) => completion.decisionId));
  await recordTruthAsGold(
    endpoints,
    [...judged].flatMap((id) => truths.all.get(id) ?? []),
  );
  const lines = [
    '',
    `Oversight report — run ${simulation.runId}: ${truths.all.size} decisions, model ${options.calibration}, ` +
      `${options.versions} model version(s), seed ${options.seed}`,
    `platform figures over judgments and releases since ${scope.from}` +
      (caughtUp.caughtUp ? '' : ` (feedback had not caught up with every verdict: ${caughtUp.judgments} judgments)`),
    '',
  ];
  const measured = [];
  for (const workflow of workflows) {
    const platform = {
      accuracy: picked(metrics, (m) => accuracyOf(m, workflow.workflow)),
      catchRate: picked(metrics, (m) => catchRateOf(m, workflow.workflow)),
    };
    measured.push({ workflow: workflow.workflow, ...platform });
    const guard = await guardEffectOf(endpoints, workflow.workflow, scope);
    lines.push(...workflowText(workflow, platform), ...guardEffectText(guard, options.team.reconsiderShare), '');
  }
  const recommendations = await issuedRecommendations(endpoints);
  const counts = simulation.reviewerCounts;
  const forHuman = simulation.reviewsLeftForHuman();
  lines.push(
    `recommendations issued: ${describeFigure(recommendations, (list) => `${list.length}${list.map((r) => `\n  ${r.workflow}: ${r.summary}`).join('')}`)}`,
    `simulated reviewers: ${counts.verdicts} verdicts, ` +
      `${counts.lost} verdicts too late (409), ${counts.retries} retries; ${counts.handedBack} times a task that was ` +
      'not theirs (left for a human, or not of this run) came up and was handed back',
    `left for you: ${forHuman} decisions' reviews — open ${options.reviewUrl}/docs or the reviewer UI ` +
      `(token: npm run -s token -- --sub you --roles lead --workflows '*')`,
    `ground truth of this run: ${options.truthDir}/${simulation.runId}.truth.jsonl`,
  );
  if (options.compare && applied) {
    const { summary, details } = describeApplied(applied, options.compare.targetErrorRate);
    const arms = compareArms(workflows);
    lines.push('', ...comparisonText(arms, options.compare, summary), '', ...details);
    const behaviour = { calibration: options.calibration, versions: options.versions };
    lines.push('', ...labAgreementText(arms, { decisions: options.decisions, behaviour, baseline: options.compare }));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.json) {
    writeFileSync(
      options.json,
      JSON.stringify(
        {
          runId: simulation.runId,
          startedAt: scope.from,
          feedbackCaughtUp: caughtUp.caughtUp,
          decisions: truths.all.size,
          expectedFinals: simulation.expectedFinals().length,
          finals: events.finals.length,
          distinctFinals: new Set(events.finals.map((f) => f.decisionId)).size,
          workflows,
          measured,
          reviewers: counts,
          ...(applied ? { recommendationsApplied: applied } : {}),
        },
        null,
        2,
      ),
    );
  }
}

async function main(): Promise<void> {
  const options = demoOptions(process.argv.slice(2), process.env);
  if (options.help) {
    process.stdout.write(`${DEMO_USAGE}\n`);
    return;
  }
  await checkKafka(options.brokers);
  await checkServices({ review: options.reviewUrl, router: options.routerUrl });

  const endpoints = await reportEndpoints(options.feedbackUrl, options.auditUrl);
  const seedWorkflows = SCENARIOS.map((scenario) => scenario.workflow);
  if (options.compare) {
    for (const scenario of SCENARIOS) {
      const workflow = `${scenario.workflow}${BASELINE_SUFFIX}`;
      await putPolicy(options.routerUrl, workflow, baselinePolicy(options.compare), 'npm run demo -- --compare');
    }
    // Every router replica applies a policy change within about a second.
    await sleep(2_000);
  }
  const simulation = new Simulation({
    ...options,
    fanOut: options.compare ? (item) => [item, baselineCopy(item)] : undefined,
  });
  const total = options.compare ? options.decisions * 2 : options.decisions;
  const recommending = options.compare
    ? await applyRecommendationsAsTheyCome(endpoints, seedWorkflows, options.compare.targetErrorRate)
    : undefined;
  let applied: AppliedRecommendations | undefined;
  const display = new ProgressDisplay(total, ['decisions sent', 'final outcomes', 'simulated verdicts']);
  try {
    await simulation.run((progress) =>
      display.update({
        'decisions sent': progress.sent,
        'final outcomes': progress.final,
        'simulated verdicts': progress.verdicts,
      }),
    );
  } finally {
    display.stop();
    applied = await recommending?.stop();
  }
  if (options.compare) {
    // Recommendations stay advice after the comparison: the workflows' policies keep what was applied, no more.
    for (const workflow of seedWorkflows) {
      await setFeedbackTarget(
        endpoints,
        workflow,
        { maxErrorRate: options.compare.targetErrorRate, autoApply: false },
        await simulatorToken(['admin'], process.env, 'countersign-simulator-second-admin'),
      );
    }
  }
  await report(simulation, options, applied);
  await simulation.close();
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`demo: ${message}\n${error instanceof UsageError ? `${DEMO_USAGE}\n` : ''}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
