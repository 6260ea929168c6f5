import { Counter, Gauge, register } from 'prom-client';

// Registered once per process (the default registry is global; a second Nest app in the same process, as in tests,
// must reuse the series rather than throw "already registered").
function gauge(name: string, help: string, labelNames: string[]): Gauge<string> {
  return (register.getSingleMetric(name) as Gauge<string>) ?? new Gauge({ name, help, labelNames });
}
function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}

/**
 * The Kafka figures operators page on (deploy/prometheus/alerts.yml). Consumer lag is kafkajs' own offsetLag of the
 * last batch fetched per partition (high watermark minus the batch's last offset): it is current while a partition
 * delivers, and it stays at its last value when the consumer stops fetching — which the lag alert wants to see.
 */
export const kafkaMetrics = {
  consumerLag: () =>
    gauge('countersign_kafka_consumer_lag', 'Records behind the high watermark, per group and partition', [
      'group',
      'topic',
      'partition',
    ]),
  rebalances: () =>
    counter('countersign_kafka_consumer_rebalances_total', 'Consumer-group joins (each follows a rebalance)', [
      'group',
    ]),
  transactionAborts: () =>
    counter('countersign_kafka_transaction_aborts_total', 'Kafka transactions aborted', ['source']),
  unansweredCommits: () =>
    counter(
      'countersign_kafka_unanswered_commits_total',
      'Transaction commits that got no answer, by what the broker said became of them',
      ['source', 'outcome'],
    ),
  outboxBacklog: () =>
    gauge('countersign_outbox_backlog', 'Outbox rows written but not yet published to Kafka', ['outbox']),
  outboxOldestAgeSeconds: () =>
    gauge('countersign_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox row (0 when empty)', [
      'outbox',
    ]),
};
