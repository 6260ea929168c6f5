import { AuditReport } from './audit-report';
import { reportCsv } from './report-formats';

/** A policy version as the trail recorded it (router's policy.changed events that store a version). */
export interface PolicyVersionRecord {
  version: number;
  at: string;
  changedBy: string;
  reason: string | null;
  trustLevel: number | null;
  threshold: number | null;
}

/** One reviewer's completed tasks in the period, from the trail's task.completed events. */
export interface ReviewerActivity {
  reviewer: string;
  completed: number;
  byVerdict: Record<string, number>;
}

export interface TrailCheck {
  ok: boolean;
  chains: number;
  recordsChecked: number;
  broken?: { chain: number; seq: number; problem: string };
  checkedAt: string;
}

/** Everything the pack states about one workflow and period, before it is written out as files. */
export interface EvidenceContents {
  report: AuditReport;
  /** The version in force when the period began (null: none yet), then every version stored during it. */
  policyInForceAtStart: PolicyVersionRecord | null;
  policyChanges: PolicyVersionRecord[];
  escalations: Record<string, number>;
  expiredTasks: number;
  reviewerActivity: ReviewerActivity[];
  trailVerification: TrailCheck;
}

/** The pack's files: the same facts as JSON for machines, CSV for spreadsheets and HTML for people. */
export function evidenceFiles(contents: EvidenceContents): Array<{ name: string; mediaType: string; content: string }> {
  return [
    { name: 'evidence.json', mediaType: 'application/json', content: `${JSON.stringify(contents, null, 2)}\n` },
    { name: 'report.csv', mediaType: 'text/csv', content: reportCsv(contents.report) },
    { name: 'policies.csv', mediaType: 'text/csv', content: policiesCsv(contents) },
    { name: 'reviewers.csv', mediaType: 'text/csv', content: reviewersCsv(contents.reviewerActivity) },
    { name: 'evidence.html', mediaType: 'text/html', content: evidenceHtml(contents) },
  ];
}

function csv(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const field = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    // A leading =, +, - or @ would run as a spreadsheet formula: quoted as text.
    const guarded = /^[=+\-@]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
    return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
  };
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function policiesCsv({ policyInForceAtStart, policyChanges }: EvidenceContents): string {
  const rows = [...(policyInForceAtStart ? [policyInForceAtStart] : []), ...policyChanges];
  return csv([
    ['version', 'in_force_from', 'changed_by', 'reason', 'trust_level', 'threshold'],
    ...rows.map((p) => [p.version, p.at, p.changedBy, p.reason, p.trustLevel, p.threshold]),
  ]);
}

function reviewersCsv(activity: readonly ReviewerActivity[]): string {
  const verdicts = [...new Set(activity.flatMap((a) => Object.keys(a.byVerdict)))].sort();
  return csv([
    ['reviewer', 'completed', ...verdicts],
    ...activity.map((a) => [a.reviewer, a.completed, ...verdicts.map((v) => a.byVerdict[v] ?? 0)]),
  ]);
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cell = (value: string | number | null) => escapeHtml(value === null ? '—' : String(value));
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function interval(value: { estimate: number; lower: number; upper: number } | null, trials: number): string {
  if (value === null) return 'not measured (no audit verdicts in the period)';
  const small = trials < 30 ? ' — small sample' : '';
  return `${percent(value.estimate)} (95% interval ${percent(value.lower)} – ${percent(value.upper)}; n = ${trials}${small})`;
}

/** A page an auditor can read and print; every figure is also in evidence.json. */
export function evidenceHtml(contents: EvidenceContents): string {
  const { report, trailVerification: trail } = contents;
  const title = `Evidence pack: ${report.workflow}, ${report.from.slice(0, 10)} to ${report.to.slice(0, 10)}`;
  const policies = [
    ...(contents.policyInForceAtStart ? [contents.policyInForceAtStart] : []),
    ...contents.policyChanges,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#111}th{text-align:left;padding-right:1.5rem}
td{font-variant-numeric:tabular-nums;padding-right:1.5rem}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Signed with the audit checkpoint key (Ed25519); verify offline with <code>npm run evidence:verify -- &lt;file&gt;</code>.</p>
<h2>Record-keeping integrity (audit trail)</h2>
<p>${trail.ok ? 'Intact' : 'BROKEN'}: ${trail.recordsChecked} records in ${trail.chains} chains checked at ${escapeHtml(trail.checkedAt)}${
    trail.broken
      ? `; first break chain ${trail.broken.chain} seq ${trail.broken.seq} (${escapeHtml(trail.broken.problem)})`
      : ''
  }.</p>
<h2>Policy versions in force</h2>
${table(
  ['Version', 'In force from', 'Changed by', 'Reason', 'Trust level', 'Threshold'],
  policies.map((p) => [p.version, p.at, p.changedBy, p.reason, p.trustLevel, p.threshold]),
)}
<h2>Decisions and human oversight</h2>
${table(
  ['Measure', 'Value'],
  [
    ['Decisions', report.decisions],
    ['Released without review', report.autonomous],
    ['Reviewed by a person before release', report.reviewed],
    ...Object.entries(report.outcomes).map(([o, n]) => [`Outcome: ${o}`, n]),
    ['Audit checks sampled', report.audit.sampled],
    ['Audit checks judged', report.audit.judged],
    ['Errors found by audit', report.audit.errorsFound],
    ['Error rate of released decisions', interval(report.autonomousErrorRate, report.audit.judged)],
    ['Errors caught in review', report.caughtInReview],
    ['Catch rate', interval(report.catchRate, report.audit.judged)],
    ['Review SLA breaches', report.slaBreaches],
    ['Tasks expired unjudged', contents.expiredTasks],
  ],
)}
<h2>Why decisions went to review (routing reasons)</h2>
${table(['Reason', 'Decisions'], Object.entries(report.byReason))}
<h2>Escalations</h2>
${table(['Reason', 'Tasks'], Object.entries(contents.escalations))}
<h2>Reviewer activity</h2>
${table(
  ['Reviewer', 'Completed', 'Verdicts'],
  contents.reviewerActivity.map((a) => [
    a.reviewer,
    a.completed,
    Object.entries(a.byVerdict)
      .map(([v, n]) => `${v} ${n}`)
      .join(', '),
  ]),
)}
</body></html>
`;
}
