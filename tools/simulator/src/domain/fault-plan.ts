import { SeededRandom } from '@countersign/statistics';

export const SERVICES = ['router', 'review', 'feedback', 'audit'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * The kinds of fault the drill injects. A long pause outlasts the services' transaction timeout (kafkajs's default,
 * 60 s: the broker aborts the paused producer's open transaction and a new instance may fence it) and their consumer
 * session timeout (15 s: the group rebalances without them), so the paused process comes back a zombie.
 */
export const FAULT_KINDS = [
  'kill-9',
  'pause-service-short',
  'pause-service-long',
  'pause-broker-short',
  'pause-broker-long',
  'pause-postgres-short',
  'pause-postgres-long',
  'clock-ahead',
  'clock-behind',
  'partition-service-broker',
  'partition-service-postgres',
  'restart-broker',
  'crash-postgres',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The CI form: every kind that fits a few minutes and needs no root; neither long pauses nor partitions. */
export const SHORT_FAULT_KINDS: readonly FaultKind[] = [
  'kill-9',
  'pause-service-short',
  'pause-broker-short',
  'pause-postgres-short',
  'clock-ahead',
  'clock-behind',
  'restart-broker',
  'crash-postgres',
];

/** Today's drill (v1): each service killed, the broker restarted, Postgres crashed. */
export const CLASSIC_FAULT_KINDS: readonly FaultKind[] = ['kill-9', 'restart-broker', 'crash-postgres'];

export interface FaultDurations {
  shortPauseMs: number;
  longPauseMs: number;
  skewSeconds: number;
  skewMs: number;
  partitionMs: number;
}

export const DEFAULT_DURATIONS: FaultDurations = {
  shortPauseMs: 5_000,
  longPauseMs: 70_000,
  skewSeconds: 300,
  skewMs: 60_000,
  partitionMs: 30_000,
};

export interface PlannedFault {
  /** Share of the stream sent when it strikes, in (0, 1). */
  at: number;
  kind: FaultKind;
  /** The service it hits, for the kinds that hit one. */
  service?: ServiceName;
  /** How long the condition lasts (pause, skew, partition); 0 for kills and restarts. */
  durationMs: number;
  /** Clock skew in seconds (negative: behind). */
  skewSeconds?: number;
}

const HITS_A_SERVICE: readonly FaultKind[] = [
  'kill-9',
  'pause-service-short',
  'pause-service-long',
  'clock-ahead',
  'clock-behind',
  'partition-service-broker',
  'partition-service-postgres',
];

function duration(kind: FaultKind, durations: FaultDurations): number {
  if (kind.endsWith('-short')) return durations.shortPauseMs;
  if (kind.endsWith('-long')) return durations.longPauseMs;
  if (kind.startsWith('clock-')) return durations.skewMs;
  if (kind.startsWith('partition-')) return durations.partitionMs;
  return 0;
}

/**
 * The seed's schedule: each kind once (kill -9 once per service, as the first drill did), in a seeded order, each
 * hitting a seeded service, spread evenly over 5-90 % of the stream with seeded jitter. Same seed, same schedule.
 */
export function planFaults(
  seed: string,
  kinds: readonly FaultKind[],
  durations: FaultDurations = DEFAULT_DURATIONS,
): PlannedFault[] {
  const random = new SeededRandom(`${seed}/faults`);
  const entries: Array<{ kind: FaultKind; service?: ServiceName }> = [];
  for (const kind of kinds) {
    if (kind === 'kill-9') SERVICES.forEach((service) => entries.push({ kind, service }));
    else entries.push(HITS_A_SERVICE.includes(kind) ? { kind, service: random.pick(SERVICES) } : { kind });
  }
  for (let i = entries.length - 1; i > 0; i--) {
    const j = random.integer(0, i);
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  const span = 0.85 / Math.max(entries.length, 1);
  return entries.map((entry, i) => ({
    at: Number((0.05 + span * (i + random.between(0.1, 0.9))).toFixed(4)),
    ...entry,
    durationMs: duration(entry.kind, durations),
    ...(entry.kind === 'clock-ahead' ? { skewSeconds: durations.skewSeconds } : {}),
    ...(entry.kind === 'clock-behind' ? { skewSeconds: -durations.skewSeconds } : {}),
  }));
}

export function describeFault(fault: PlannedFault): string {
  const target = fault.service ? ` ${fault.service}` : '';
  const skew = fault.skewSeconds !== undefined ? ` ${fault.skewSeconds > 0 ? '+' : ''}${fault.skewSeconds} s` : '';
  const lasting = fault.durationMs > 0 ? ` for ${fault.durationMs / 1000} s` : '';
  return `${fault.kind}${target}${skew}${lasting}`;
}
