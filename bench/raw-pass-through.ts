// The baselines: what plain kafkajs does with the same records on the same broker. A consumer group reads `input` with
// eachBatch and a producer sends every record's key, value and headers unchanged to `output`, in one of three modes:
//   idempotent     idempotent producer, offsets committed by kafkajs (autoCommit, eachBatchAutoResolve)
//   transactional  one Kafka transaction per batch: the outputs and the batch's offset (sendOffsets) commit together,
//                  with the same consumer and producer settings as the router's KafkaBatchTransport
//   pipeline       the like-for-like one (bench/support/raw-pipeline.ts): the router's work done by hand — two outputs
//                  per input, a transactional producer per partition, the ledger and sample inserts per batch
// Started by bench/router.bench.ts as its own process (`node <tsx flags> bench/raw-pass-through.ts '<json>'`), so that
// it owns its event loop exactly as the router does, and stopped with SIGTERM.
import { EachBatchPayload, Kafka, logLevel, Partitioners } from 'kafkajs';
import { runRawPipeline } from './support/raw-pipeline';

export interface PassThroughConfig {
  brokers: string;
  input: string;
  output: string;
  groupId: string;
  mode: 'idempotent' | 'transactional' | 'pipeline';
  transactionalId: string;
  /** pipeline only: the second output topic and the database of its ledger. */
  secondOutput?: string;
  databaseUrl?: string;
}

async function runPassThrough(config: PassThroughConfig): Promise<() => Promise<void>> {
  if (config.mode === 'pipeline') return runRawPipeline(config);
  const kafka = new Kafka({
    clientId: `bench-raw-${config.mode}`,
    brokers: config.brokers.split(','),
    logLevel: logLevel.ERROR,
  });
  const transactional = config.mode === 'transactional';
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    transactionalId: transactional ? config.transactionalId : undefined,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    retry: { initialRetryTime: 30, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
  });
  await producer.connect();
  const consumer = kafka.consumer({
    groupId: config.groupId,
    sessionTimeout: 15_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 1_000,
    readUncommitted: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [config.input], fromBeginning: true });

  const forward = ({ batch }: EachBatchPayload) =>
    batch.messages.map((message) => ({ key: message.key, value: message.value, headers: message.headers }));

  if (!transactional) {
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: true,
      eachBatch: async (payload) => {
        if (payload.batch.messages.length === 0) return;
        await producer.send({ topic: config.output, messages: forward(payload) });
      },
    });
  } else {
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async (payload) => {
        const { batch, isRunning, isStale, resolveOffset, heartbeat } = payload;
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const lastOffset = batch.messages[batch.messages.length - 1].offset;
        const transaction = await producer.transaction();
        try {
          await transaction.send({ topic: config.output, messages: forward(payload) });
          await transaction.sendOffsets({
            consumerGroupId: config.groupId,
            topics: [
              {
                topic: batch.topic,
                partitions: [{ partition: batch.partition, offset: (BigInt(lastOffset) + 1n).toString() }],
              },
            ],
          });
          await transaction.commit();
        } catch (error) {
          await transaction.abort().catch(() => undefined);
          throw error;
        }
        resolveOffset(lastOffset);
        await heartbeat();
      },
    });
  }
  return async () => {
    await consumer.disconnect();
    await producer.disconnect();
  };
}

if (require.main === module) {
  const config = JSON.parse(process.argv[2] ?? '{}') as PassThroughConfig;
  runPassThrough(config)
    .then((stop) => {
      const shutdown = () => {
        stop()
          .catch((error: unknown) => process.stderr.write(`stop failed: ${String(error)}\n`))
          .finally(() => process.exit(0));
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
      process.stdout.write(`raw pass-through (${config.mode}) consuming ${config.input} -> ${config.output}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`raw pass-through failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
