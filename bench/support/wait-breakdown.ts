import { existsSync, readFileSync } from 'node:fs';
import { RouterTiming } from './router-timing-hook';

export interface WaitBreakdown {
  batches: number;
  decisionsPerBatch: number;
  /** Average batches in flight while any was (1 = one partition at a time), and the most at once. */
  averageConcurrency: number;
  maxConcurrency: number;
  /** Share of the window with no batch in flight: fetching, or waiting for records. */
  idlePercent: number;
  /** Kafka requests of the transactional producer per transaction, with their average round trip. */
  requestsPerTransaction: Array<{ api: string; perTransaction: number; averageMs: number }>;
  /** Average wall time of each step per batch, and its share of a batch's wall time. */
  rows: Array<{ step: string; msPerBatch: number; percent: number }>;
}

/** Reads what the timing hook wrote and splits the measured span into Kafka waits, Postgres waits and the rest. */
export function readWaitBreakdown(file: string): WaitBreakdown | undefined {
  if (!existsSync(file)) return undefined;
  const timing = JSON.parse(readFileSync(file, 'utf8')) as RouterTiming;
  if (timing.batches === 0) return undefined;
  const waited = Object.values(timing.steps).reduce((sum, step) => sum + step.ms, 0);
  const entries: Array<[string, number]> = [
    ...Object.entries(timing.steps).map(([step, total]): [string, number] => [step, total.ms]),
    [
      'the rest: decode, validate, route, encode, Nest/rxjs, and the event loop busy elsewhere',
      timing.batchMs - waited,
    ],
  ];
  const transactions = Math.max(1, timing.transactions);
  return {
    batches: timing.batches,
    decisionsPerBatch: timing.records / timing.batches,
    averageConcurrency: timing.busyMs > 0 ? timing.batchMs / timing.busyMs : 1,
    maxConcurrency: timing.maxConcurrent,
    idlePercent: timing.spanMs > 0 ? (100 * (timing.spanMs - timing.busyMs)) / timing.spanMs : 0,
    requestsPerTransaction: Object.entries(timing.requests)
      .filter(([api]) => api !== 'Metadata' && api !== 'ApiVersions' && api !== 'InitProducerId')
      .map(([api, total]) => ({ api, perTransaction: total.calls / transactions, averageMs: total.ms / total.calls })),
    rows: entries
      .sort((a, b) => b[1] - a[1])
      .map(([step, ms]) => ({ step, msPerBatch: ms / timing.batches, percent: (100 * ms) / timing.batchMs })),
  };
}

export function formatWaitBreakdown(label: string, breakdown: WaitBreakdown): string {
  return [
    `${label}: ${breakdown.batches} batches of ${breakdown.decisionsPerBatch.toFixed(0)} decisions on average, ` +
      `${breakdown.averageConcurrency.toFixed(1)} in flight on average (at most ${breakdown.maxConcurrency}), ` +
      `no batch in flight ${breakdown.idlePercent.toFixed(0)} % of the time; wall time per batch:`,
    ...breakdown.rows.map(
      (row) => `  ${row.percent.toFixed(1).padStart(5)} %  ${row.msPerBatch.toFixed(1).padStart(7)} ms  ${row.step}`,
    ),
    `  Kafka requests per transaction: ${breakdown.requestsPerTransaction
      .map((request) => `${request.api} ${request.perTransaction.toFixed(2)} (${request.averageMs.toFixed(1)} ms)`)
      .join(', ')}`,
  ].join('\n');
}
