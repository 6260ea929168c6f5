import { AuditReport } from './audit-report';
import { Interval } from '@countersign/statistics';

/** The report as metric,value lines: one flat table a spreadsheet opens without a schema. */
export function reportCsv(report: AuditReport): string {
  const rows: Array<[string, string | number]> = [
    ['workflow', report.workflow],
    ['from', report.from],
    ['to', report.to],
    ['decisions', report.decisions],
    ['autonomous', report.autonomous],
    ['reviewed', report.reviewed],
    ...Object.entries(report.outcomes).map(([outcome, n]): [string, number] => [`outcome.${outcome}`, n]),
    ...Object.entries(report.byReason).map(([reason, n]): [string, number] => [`reason.${reason}`, n]),
    ['audit.sampled', report.audit.sampled],
    ['audit.judged', report.audit.judged],
    ['audit.errorsFound', report.audit.errorsFound],
    ...report.audit.strata.flatMap((s): Array<[string, number]> => [
      [`stratum.${s.bucket}.released`, s.released],
      [`stratum.${s.bucket}.judged`, s.judged],
      [`stratum.${s.bucket}.errors`, s.errors],
    ]),
    ...intervalRows('autonomousErrorRate', report.autonomousErrorRate),
    ...intervalRows('catchRate', report.catchRate),
    ['caughtInReview', report.caughtInReview],
    ['slaBreaches', report.slaBreaches],
    ['trustLevelChanges', report.trustLevelChanges.length],
  ];
  return ['metric,value', ...rows.map(([metric, value]) => `${csvField(metric)},${csvField(String(value))}`)]
    .join('\r\n')
    .concat('\r\n');
}

function intervalRows(name: string, interval: Interval | null): Array<[string, string | number]> {
  if (interval === null) return [[`${name}.estimate`, '']];
  return [
    [`${name}.estimate`, interval.estimate],
    [`${name}.lower95`, interval.lower],
    [`${name}.upper95`, interval.upper],
  ];
}

function csvField(value: string): string {
  // A leading =, +, - or @ would be run as a formula by spreadsheets: quote it as text.
  const guarded = /^[=+\-@]/.test(value) && Number.isNaN(Number(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
const showInterval = (interval: Interval | null) =>
  interval === null
    ? 'not measured yet'
    : `${percent(interval.estimate)} (95% interval ${percent(interval.lower)} – ${percent(interval.upper)})`;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function table(rows: Array<[string, string | number]>): string {
  return `<table>${rows
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`)
    .join('')}</table>`;
}

/** A page a compliance officer can read and print. */
export function reportHtml(report: AuditReport): string {
  const title = `Audit report: ${report.workflow}, ${report.from.slice(0, 10)} to ${report.to.slice(0, 10)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto}th{text-align:left;padding-right:2rem}
td{font-variant-numeric:tabular-nums}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<h2>Decisions</h2>
${table([
  ['Decisions', report.decisions],
  ['Released autonomously', report.autonomous],
  ['Reviewed before release', report.reviewed],
  ...Object.entries(report.outcomes).map(([o, n]): [string, number] => [`Outcome: ${o}`, n]),
])}
<h2>Why decisions went to review</h2>
${table(Object.entries(report.byReason))}
<h2>Audit of autonomous decisions</h2>
${table([
  ['Sampled for audit', report.audit.sampled],
  ['Judged', report.audit.judged],
  ['Errors found', report.audit.errorsFound],
  ['Estimated error rate of autonomous decisions', showInterval(report.autonomousErrorRate)],
  ['Errors caught in review', report.caughtInReview],
  ['Error catch rate', showInterval(report.catchRate)],
])}
<h3>By confidence</h3>
${table(report.audit.strata.map((s): [string, string] => [s.bucket, `${s.released} released, ${s.judged} judged, ${s.errors} errors`]))}
<h2>Operations</h2>
${table([
  ['Review SLA breaches', report.slaBreaches],
  ...report.trustLevelChanges.map((c): [string, string] => [
    `Trust level change at ${c.at}`,
    `${c.from ?? 'none'} → ${c.to} (policy v${c.policyVersion})`,
  ]),
])}
</body></html>
`;
}
