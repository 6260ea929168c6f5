import { Logger } from '@nestjs/common';
import { EachBatchPayload } from 'kafkajs';
import { consumerMetrics } from './consumer-metrics';
import { describeHandlerFailure } from './handler-failure';
import { IsolationPolicy } from './isolate-poison';
import type { DeliveryMode } from './kafka-batch-transport';

/** How KafkaBatchTransport retries one batch of one partition: backoff, heartbeats, metrics and log lines. */
export function batchIsolationPolicy(
  payload: EachBatchPayload,
  settings: { serviceName: string; mode: DeliveryMode; maxAttempts: number },
  log: Logger,
): IsolationPolicy {
  const { batch, heartbeat, isRunning, isStale } = payload;
  return {
    maxAttempts: settings.maxAttempts,
    // 100 ms doubling; an outage is waited out at up to 10 s a try, anything else gives up after a few seconds.
    backoffMs: (attempt, kind) =>
      Math.min(kind === 'unavailable' ? 10_000 : 2_000, 100 * 2 ** Math.min(attempt - 1, 10)),
    keepPartialResults: settings.mode === 'at-least-once',
    pause: async (ms) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        // A partition that moved to another replica is no longer ours to retry: give the batch up.
        if (!isRunning() || isStale())
          throw new Error('batch abandoned: the partition was revoked or the consumer stopped');
        // Heartbeats keep the group from rebalancing while a batch waits out an outage.
        await heartbeat();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(500, until - Date.now()))));
      }
    },
    onRetry: ({ kind, attempt, records, error }) => {
      consumerMetrics().retries.inc({ service: settings.serviceName, topic: batch.topic, kind });
      log.warn({
        msg: kind === 'unavailable' ? 'dependency unavailable; retrying the batch' : 'handler failed; retrying',
        topic: batch.topic,
        partition: batch.partition,
        firstOffset: batch.messages[0]?.offset,
        records,
        attempt,
        kind,
        error: describeHandlerFailure(error),
      });
    },
  };
}
