// Preloaded into the router by `npm run bench:router -- --router-node-flags="--require <tsx/cjs> --require
// bench/support/fetch-size-hook.ts" --router-env="BENCH_MAX_BYTES_PER_PARTITION=4194304"` to measure a lever without
// changing the router: a larger fetch per partition, i.e. more decisions per Kafka transaction when a backlog allows
// (kafkajs fetches at most 1 MiB per partition by default, ~1,150 of the bench's decisions).
import { ConsumerConfig, Kafka } from 'kafkajs';

const maxBytesPerPartition = Number(process.env.BENCH_MAX_BYTES_PER_PARTITION);
if (Number.isInteger(maxBytesPerPartition) && maxBytesPerPartition > 0) {
  const consumer = Kafka.prototype.consumer;
  Kafka.prototype.consumer = function withFetchSize(this: Kafka, config: ConsumerConfig) {
    return consumer.call(this, { maxBytes: 4 * maxBytesPerPartition, ...config, maxBytesPerPartition });
  };
}
