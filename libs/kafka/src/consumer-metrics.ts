import { Counter, register } from 'prom-client';

export interface ConsumerMetrics {
  deadLetters: Counter<'service' | 'topic' | 'reason'>;
  retries: Counter<'service' | 'topic' | 'kind'>;
}

let metrics: ConsumerMetrics | undefined;

function counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
  // One registry per process; several transports (tests, replicas in one process) share the counters.
  return (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames });
}

/** What every consumer reports on /metrics, whichever service it belongs to (docs/dead-letters.md). */
export function consumerMetrics(): ConsumerMetrics {
  metrics ??= {
    deadLetters: counter('countersign_dead_letters_total', 'Records dead-lettered, by source topic and reason', [
      'service',
      'topic',
      'reason',
    ]),
    retries: counter('countersign_consumer_retries_total', 'Handler retries, by source topic and failure kind', [
      'service',
      'topic',
      'kind',
    ]),
  };
  return metrics;
}
