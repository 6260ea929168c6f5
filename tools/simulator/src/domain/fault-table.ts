import { Anomaly, ANOMALY_CLASSES, AnomalyClass } from './drill-anomalies';

/** One fault as it happened, in the drill's clock (ms). */
export interface FaultWindow {
  kind: string;
  struckAt: number;
  liftedAt?: number;
  recoveredAt?: number;
}

/** Anomalies not near any fault (a defect that needs no fault), and those of no decision (an audit chain). */
export const NO_FAULT = 'no fault';
export const RUN_WIDE = 'run-wide';

/** A decision sent this long before a fault struck was still in flight when it did (routing, review, release). */
export const IN_FLIGHT_MS = 60_000;

/**
 * The fault an anomaly is charged to: among the faults whose window — from IN_FLIGHT_MS before it struck to
 * IN_FLIGHT_MS after the platform recovered — holds the moment the decision was sent, the one that struck last.
 */
export function chargedFault(
  sentAt: number | undefined,
  faults: readonly FaultWindow[],
  lookbackMs = IN_FLIGHT_MS,
): string {
  if (sentAt === undefined) return RUN_WIDE;
  let charged: FaultWindow | undefined;
  for (const fault of faults) {
    const end = fault.recoveredAt ?? (fault.liftedAt ?? fault.struckAt) + 300_000;
    if (sentAt >= fault.struckAt - lookbackMs && sentAt <= end + IN_FLIGHT_MS) {
      if (!charged || fault.struckAt > charged.struckAt) charged = fault;
    }
  }
  return charged?.kind ?? NO_FAULT;
}

export interface FaultTypeRow {
  kind: string;
  faults: number;
  anomalies: Record<AnomalyClass, number>;
  /** Seconds from the fault lifted to every service healthy and outcomes flowing again. */
  recoverySeconds: number[];
  notRecovered: number;
  /**
   * Reviews of the abandoned workflow that expired later than SLA + window + grace (a v1 check), charged like an
   * anomaly by their decision's sending: lateness under a 70 s pause is the fault's; under "no fault", the platform's.
   */
  lateExpiries?: number;
}

function emptyCounts(): Record<AnomalyClass, number> {
  return Object.fromEntries(ANOMALY_CLASSES.map((name) => [name, 0])) as Record<AnomalyClass, number>;
}

/**
 * Adds one seed's faults and anomalies to the rows per fault kind: an anomaly is charged by when it began where the
 * checker knows (a double claim), else by when its decision was sent.
 */
export function tally(
  rows: Map<string, FaultTypeRow>,
  faults: readonly FaultWindow[],
  anomalies: readonly Anomaly[],
  sentAt: (decisionId: string) => number | undefined,
  lateExpiries: readonly string[] = [],
): void {
  const row = (kind: string) => {
    let found = rows.get(kind);
    if (!found) {
      found = { kind, faults: 0, anomalies: emptyCounts(), recoverySeconds: [], notRecovered: 0, lateExpiries: 0 };
      rows.set(kind, found);
    }
    return found;
  };
  for (const fault of faults) {
    const r = row(fault.kind);
    r.faults++;
    if (fault.recoveredAt === undefined) r.notRecovered++;
    else r.recoverySeconds.push((fault.recoveredAt - (fault.liftedAt ?? fault.struckAt)) / 1000);
  }
  for (const anomaly of anomalies) {
    // A moment the anomaly began cannot precede its cause: no look-back for it, unlike a decision's sending.
    const kind =
      anomaly.at !== undefined
        ? chargedFault(anomaly.at, faults, 0)
        : chargedFault(anomaly.decisionId ? sentAt(anomaly.decisionId) : undefined, faults);
    row(kind).anomalies[anomaly.class]++;
  }
  for (const decisionId of lateExpiries) {
    const charged = row(chargedFault(sentAt(decisionId), faults));
    charged.lateExpiries = (charged.lateExpiries ?? 0) + 1;
  }
}

/**
 * Adds rows of another run (drills run side by side, each with its own `--json`) to these: counts add up and the
 * recovery samples join, so the percentiles are those of every fault, not an average of percentiles.
 */
export function mergeRows(rows: Map<string, FaultTypeRow>, other: Iterable<FaultTypeRow>): void {
  for (const row of other) {
    const into = rows.get(row.kind);
    if (!into) {
      rows.set(row.kind, {
        ...row,
        anomalies: { ...emptyCounts(), ...row.anomalies },
        recoverySeconds: [...row.recoverySeconds],
      });
      continue;
    }
    into.faults += row.faults;
    into.notRecovered += row.notRecovered;
    // Unknown in either (a drill from before the column): unknown in the sum.
    into.lateExpiries =
      into.lateExpiries === undefined || row.lateExpiries === undefined
        ? undefined
        : into.lateExpiries + row.lateExpiries;
    into.recoverySeconds.push(...row.recoverySeconds);
    for (const name of ANOMALY_CLASSES) into.anomalies[name] += row.anomalies[name] ?? 0;
  }
}

/** The nearest-rank percentile (p in (0, 100]) of a sample; undefined when empty. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

/** The table per fault kind, as Markdown (the docs quote it as printed). */
export function renderTable(rows: Iterable<FaultTypeRow>): string {
  const seconds = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1));
  const header = ['fault', 'n', ...ANOMALY_CLASSES, 'late expiry', 'recovery p50 s', 'p99 s', 'not recovered'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    lines.push(
      `| ${[
        row.kind,
        row.faults,
        ...ANOMALY_CLASSES.map((name) => row.anomalies[name]),
        row.lateExpiries ?? '–',
        seconds(percentile(row.recoverySeconds, 50)),
        seconds(percentile(row.recoverySeconds, 99)),
        row.notRecovered,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
