import { LabScenario } from './lab-scenarios';
import { PolicyName, SeedResult, VARIANTS } from './lab-run';
import { PolicyOutcome, releasedErrorRate, reviewShare, totalCost, worstSegmentError } from './policy-outcome';

export interface ScenarioResult {
  scenario: LabScenario;
  seeds: SeedResult[];
}

const decisionsOf = (s: SeedResult) => s.outcomes.countersign?.decisions ?? 1;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const pct = (value: number, digits = 1) => `${(value * 100).toFixed(digits)}%`;
const outcomesOf = (result: ScenarioResult, policy: PolicyName) =>
  result.seeds.map((s) => s.outcomes[policy]).filter((o): o is PolicyOutcome => o !== undefined);

/** The acceptance figures of issue #15 for one scenario, computed from the seeds. */
export function summarise(result: ScenarioResult, budget: number) {
  const cs = outcomesOf(result, 'countersign');
  const errors = cs.map(releasedErrorRate);
  const worst = Math.max(...errors);
  const worstSeed = result.seeds[errors.indexOf(worst)].seed;
  const share = (policy: PolicyName) => mean(outcomesOf(result, policy).map(reviewShare));
  const summary = {
    withinBudget: errors.filter((e) => e <= budget).length / errors.length,
    worst,
    worstSeed,
    reviewShare: share('countersign'),
    vsBestSingle: share('countersign') / share('best-single-hindsight'),
    vsPerVersion: share('countersign') / share('per-version-hindsight'),
    vsSameRisk: share('countersign') / share('hindsight-at-countersign-error'),
    driftAlarms: mean(result.seeds.map((s) => s.driftAlarms)),
    beforeRelease: mean(result.seeds.map((s) => s.reviewsBeforeRelease / decisionsOf(s))),
    samples: mean(result.seeds.map((s) => s.samples / decisionsOf(s))),
    costVsCheapestInBudget: undefined as number | undefined,
    costVsCheapestAny: undefined as number | undefined,
  };
  if (result.scenario.mode === 'expected-loss') {
    const cost = (policy: PolicyName) =>
      mean(outcomesOf(result, policy).map((o) => totalCost(o, result.scenario.reviewCost)));
    summary.costVsCheapestInBudget = cost('countersign') / cost('cheapest-hindsight-in-budget');
    summary.costVsCheapestAny = cost('countersign') / cost('cheapest-hindsight-any');
  }
  return summary;
}

/** One row per scenario × policy: mean review share, mean and worst released error, seeds within budget. */
export function policyTable(results: readonly ScenarioResult[], budget: number): string {
  const lines = [
    '| scenario | policy | review share (mean) | released error (mean) | released error (worst seed) | seeds within budget | total cost (mean) |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const result of results) {
    const policies = Object.keys(result.seeds[0].outcomes) as PolicyName[];
    for (const policy of policies) {
      const outcomes = outcomesOf(result, policy);
      const errors = outcomes.map(releasedErrorRate);
      const cost =
        result.scenario.mode === 'expected-loss'
          ? Math.round(mean(outcomes.map((o) => totalCost(o, result.scenario.reviewCost)))).toLocaleString('en')
          : '–';
      lines.push(
        `| ${result.scenario.name} | ${policy} | ${pct(mean(outcomes.map(reviewShare)))} | ${pct(mean(errors), 2)} | ` +
          `${pct(Math.max(...errors), 2)} | ${errors.filter((e) => e <= budget).length}/${errors.length} | ${cost} |`,
      );
    }
  }
  return lines.join('\n');
}

/** The acceptance lines against their targets. */
export function acceptanceTable(results: readonly ScenarioResult[], budget: number): string {
  const lines = [
    '| scenario | seeds within budget (≥ 95%) | worst seed | reviews ÷ best single hindsight (≤ 0.6 on improving) | reviews ÷ per-version limit (≤ 1.25) | cost ÷ cheapest confidence-only hindsight (≤ 0.7) | reviews ÷ hindsight at Countersign’s realised error | drift alarms per seed | Countersign reviews: before first release / random samples / held back |',
    '|---|---:|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const result of results) {
    const s = summarise(result, budget);
    const cost =
      s.costVsCheapestInBudget === undefined
        ? '–'
        : `${s.costVsCheapestInBudget.toFixed(2)} in budget, ${(s.costVsCheapestAny as number).toFixed(2)} any`;
    lines.push(
      `| ${result.scenario.name} | ${pct(s.withinBudget, 0)} | ${s.worstSeed}: ${pct(s.worst, 2)} | ` +
        `${s.vsBestSingle.toFixed(2)} | ${s.vsPerVersion.toFixed(2)} | ${cost} | ${s.vsSameRisk.toFixed(2)} | ${s.driftAlarms.toFixed(2)} | ` +
        `${pct(s.beforeRelease)} / ${pct(s.samples)} / ${pct(s.reviewShare - s.beforeRelease - s.samples)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The opt-in variants (warm start; rules per segment) against the default learner and, where the scenario has
 * segments, the hindsight yardsticks — with each segment's released error, which the workflow-wide figure can hide.
 */
export function variantTable(results: readonly ScenarioResult[], budget: number): string {
  const lines = [
    '| scenario | policy | review share (mean) | reviews ÷ countersign | seeds within budget | worst seed | seeds with every segment within budget | worst segment error (worst seed) | drift alarms per seed | routed by an inherited cut |',
    '|---|---|---:|---:|---:|---|---:|---:|---:|---:|',
  ];
  for (const result of results) {
    const segmented = result.seeds[0].outcomes['countersign-segments'] !== undefined;
    const policies: PolicyName[] = segmented
      ? ['best-single-hindsight', 'per-segment-hindsight', 'countersign', ...VARIANTS]
      : ['countersign', 'countersign-warm'];
    const base = mean(outcomesOf(result, 'countersign').map(reviewShare));
    for (const policy of policies) {
      const outcomes = outcomesOf(result, policy);
      const share = mean(outcomes.map(reviewShare));
      const errors = outcomes.map(releasedErrorRate);
      const worst = Math.max(...errors);
      const segmentErrors = outcomes.map(worstSegmentError);
      const alarms = result.seeds.map((s) =>
        policy === 'countersign' ? s.driftAlarms : s.variantDriftAlarms[policy as (typeof VARIANTS)[number]],
      );
      const learned = alarms.every((a) => a !== undefined);
      lines.push(
        `| ${result.scenario.name} | ${policy} | ${pct(share)} | ${(share / base).toFixed(2)} | ` +
          `${errors.filter((e) => e <= budget).length}/${errors.length} | ${result.seeds[errors.indexOf(worst)].seed}: ${pct(worst, 2)} | ` +
          (segmented
            ? `${segmentErrors.filter((e) => e <= budget).length}/${segmentErrors.length} | ${pct(Math.max(...segmentErrors), 2)} | `
            : '– | – | ') +
          `${learned ? mean(alarms as number[]).toFixed(2) : '–'} | ` +
          `${policy === 'countersign-warm' ? pct(mean(result.seeds.map((s) => s.routedByInheritedCut / decisionsOf(s)))) : '–'} |`,
      );
    }
  }
  return lines.join('\n');
}

const COLOURS: Record<string, string> = {
  'fixed-0.8+5%': '#888888',
  'best-single-hindsight': '#1f77b4',
  'per-version-hindsight': '#2ca02c',
  countersign: '#d62728',
};

/** Review share (x) against released error (y), one dot per seed and policy, one panel per scenario. */
export function plotSvg(results: readonly ScenarioResult[], budget: number): string {
  const width = 360;
  const height = 260;
  const pad = { left: 52, right: 12, top: 28, bottom: 40 };
  const panels = results.map((result, index) => {
    const ox = (index % 2) * width;
    const oy = Math.floor(index / 2) * height;
    const all = Object.keys(COLOURS).flatMap((policy) => outcomesOf(result, policy as PolicyName));
    const maxError = Math.max(budget * 1.6, ...all.map(releasedErrorRate)) * 1.05;
    const x = (share: number) => ox + pad.left + share * (width - pad.left - pad.right);
    const y = (error: number) => oy + height - pad.bottom - (error / maxError) * (height - pad.top - pad.bottom);
    const dots = Object.entries(COLOURS).flatMap(([policy, colour]) =>
      outcomesOf(result, policy as PolicyName).map(
        (o) =>
          `<circle cx="${x(reviewShare(o)).toFixed(1)}" cy="${y(releasedErrorRate(o)).toFixed(1)}" r="2.2" fill="${colour}" fill-opacity="0.7"/>`,
      ),
    );
    const ticks = [0, 0.25, 0.5, 0.75, 1].map(
      (t) =>
        `<text x="${x(t).toFixed(1)}" y="${oy + height - pad.bottom + 14}" font-size="9" text-anchor="middle">${pct(t, 0)}</text>`,
    );
    const yTicks = [0, budget, maxError / 1.05].map(
      (e) =>
        `<text x="${ox + pad.left - 4}" y="${y(e).toFixed(1)}" font-size="9" text-anchor="end">${pct(e, 1)}</text>`,
    );
    return [
      `<rect x="${ox + pad.left}" y="${oy + pad.top}" width="${width - pad.left - pad.right}" height="${height - pad.top - pad.bottom}" fill="none" stroke="#ccc"/>`,
      `<line x1="${x(0)}" x2="${x(1)}" y1="${y(budget).toFixed(1)}" y2="${y(budget).toFixed(1)}" stroke="#000" stroke-dasharray="4 3"/>`,
      `<text x="${ox + width / 2}" y="${oy + 16}" font-size="12" text-anchor="middle">${result.scenario.name}</text>`,
      `<text x="${ox + width / 2}" y="${oy + height - 8}" font-size="10" text-anchor="middle">review share</text>`,
      `<text x="${ox + 12}" y="${oy + height / 2}" font-size="10" text-anchor="middle" transform="rotate(-90 ${ox + 12} ${oy + height / 2})">released error</text>`,
      ...ticks,
      ...yTicks,
      ...dots,
    ].join('\n');
  });
  const legend = Object.entries(COLOURS).map(
    ([policy, colour], i) =>
      `<circle cx="${20 + i * 170}" cy="${Math.ceil(results.length / 2) * height + 14}" r="4" fill="${colour}"/>` +
      `<text x="${28 + i * 170}" y="${Math.ceil(results.length / 2) * height + 18}" font-size="11">${policy}</text>`,
  );
  const total = Math.ceil(results.length / 2) * height + 30;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * width}" height="${total}" viewBox="0 0 ${2 * width} ${total}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...panels,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
