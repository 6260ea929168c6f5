import { EachBatchPayload, IHeaders, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import { Pool, PoolClient } from 'pg';
import type { PassThroughConfig } from '../raw-pass-through';

/**
 * The like-for-like baseline of the router: the same work written by hand with plain kafkajs and pg, none of the
 * router's layers (Nest, the transport's isolation of poison records, contracts' validation, policies, metrics).
 *
 * Per batch, as the router does: one Postgres transaction inserting the batch's ids into a ledger
 * (`INSERT … SELECT FROM unnest … ON CONFLICT DO NOTHING RETURNING`) and up to 50 samples per workflow, then one Kafka
 * transaction through the input partition's own transactional producer (`<prefix>-<topic>-<partition>`, six
 * partitions in flight) with two outputs per input and the batch's offset, then the database commit. The outputs are
 * keyed by the input's key, carry its headers, and are the router's sizes: `routed` wraps the decision with its
 * routing facts (~200 bytes more), the second wraps it as a review request. Parsing each decision (JSON.parse) is the
 * least the ledger rows need (id, workflow, the sample's facts); nothing is validated or evaluated.
 */
export async function runRawPipeline(config: PassThroughConfig): Promise<() => Promise<void>> {
  const { secondOutput, databaseUrl } = config;
  if (!secondOutput || !databaseUrl) throw new Error('pipeline mode needs secondOutput and databaseUrl');
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await createLedger(pool);
  const kafka = new Kafka({
    clientId: 'bench-raw-pipeline',
    brokers: config.brokers.split(','),
    logLevel: logLevel.ERROR,
  });
  const producers = new Map<number, Promise<Producer>>();
  const producerFor = (partition: number): Promise<Producer> => {
    let producer = producers.get(partition);
    if (!producer) {
      const created = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        transactionalId: `${config.transactionalId}-${config.input}-${partition}`,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
        retry: { initialRetryTime: 30, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
      });
      producer = created.connect().then(() => created);
      producers.set(partition, producer);
    }
    return producer;
  };
  const consumer = kafka.consumer({
    groupId: config.groupId,
    sessionTimeout: 15_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 1_000,
    readUncommitted: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [config.input], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch, isRunning, isStale, resolveOffset, heartbeat }: EachBatchPayload) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const lastOffset = batch.messages[batch.messages.length - 1].offset;
      const decisions = batch.messages.map(parse);
      const ledger = await pool.connect();
      try {
        await ledger.query('BEGIN');
        await insertLedger(ledger, decisions);
        const producer = await producerFor(batch.partition);
        const transaction = await producer.transaction();
        try {
          await transaction.sendBatch({
            topicMessages: [
              { topic: config.output, messages: decisions.map((decision) => output(decision, ROUTED)) },
              { topic: secondOutput, messages: decisions.map((decision) => output(decision, REQUESTED)) },
            ],
          });
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
        await ledger.query('COMMIT');
      } catch (error) {
        await ledger.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        ledger.release();
      }
      resolveOffset(lastOffset);
      await heartbeat();
    },
  });
  return async () => {
    await consumer.disconnect();
    await Promise.all([...producers.values()].map((producer) => producer.then((ready) => ready.disconnect())));
    await pool.end();
  };
}

/** The workload has no tombstones; a record without a value is a bench bug. */
function valueOf(message: KafkaMessage): Buffer {
  if (!message.value) throw new Error(`record at offset ${message.offset} has no value`);
  return message.value;
}

interface ParsedDecision {
  message: KafkaMessage;
  fields: Record<string, unknown> & { id: string; workflow: string };
}

const parse = (message: KafkaMessage): ParsedDecision => ({
  message,
  fields: JSON.parse(valueOf(message).toString('utf8')) as ParsedDecision['fields'],
});

/** The envelopes the router's outputs put around the decision (routing facts of the example policies' size). */
const ROUTING =
  '{"route":"review","reasons":["confidence below 0.9"],"policyVersion":1,"sampled":false,"oversightLevel":"review"}';
const ROUTED = { before: `,"routing":${ROUTING},"decision":`, after: ',"routedAt":"' };
const REQUESTED = { before: `,"kind":"review","routing":${ROUTING},"decision":`, after: ',"requestedAt":"' };

function output(
  { message, fields }: ParsedDecision,
  envelope: { before: string; after: string },
): { key: Buffer | null; value: Buffer; headers: IHeaders } {
  const value = Buffer.concat([
    Buffer.from(`{"schemaVersion":1,"decisionId":${JSON.stringify(fields.id)}${envelope.before}`),
    valueOf(message),
    Buffer.from(`${envelope.after}${new Date().toISOString()}"}`),
  ]);
  return { key: message.key, value, headers: message.headers ?? {} };
}

async function createLedger(pool: Pool): Promise<void> {
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench_raw');
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_raw.routed_decisions (
    decision_id text PRIMARY KEY, workflow text NOT NULL, route text NOT NULL, policy_version integer NOT NULL,
    routed_at timestamptz NOT NULL DEFAULT now())`);
  await pool.query('CREATE INDEX IF NOT EXISTS routed_decisions_age ON bench_raw.routed_decisions (routed_at)');
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_raw.decision_samples (
    decision_id text PRIMARY KEY, workflow text NOT NULL, facts jsonb NOT NULL, routed_at timestamptz NOT NULL)`);
  await pool.query(
    'CREATE INDEX IF NOT EXISTS decision_samples_recent ON bench_raw.decision_samples (workflow, routed_at DESC)',
  );
  await pool.query('TRUNCATE bench_raw.routed_decisions, bench_raw.decision_samples');
}

/** The router's two statements per batch: the ledger rows, then up to 50 samples per workflow of the new ids. */
async function insertLedger(client: PoolClient, decisions: ParsedDecision[]): Promise<void> {
  const now = new Date();
  const inserted = await client.query<{ decision_id: string }>(
    `INSERT INTO bench_raw.routed_decisions (decision_id, workflow, route, policy_version, routed_at)
     SELECT id, workflow, route, version, $5
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS t(id, workflow, route, version)
     ON CONFLICT (decision_id) DO NOTHING RETURNING decision_id`,
    [
      decisions.map(({ fields }) => fields.id),
      decisions.map(({ fields }) => fields.workflow),
      decisions.map(() => 'review'),
      decisions.map(() => 1),
      now,
    ],
  );
  const fresh = new Set(inserted.rows.map((row) => row.decision_id));
  const perWorkflow = new Map<string, number>();
  const samples = decisions.filter(({ fields }) => {
    const taken = perWorkflow.get(fields.workflow) ?? 0;
    if (!fresh.has(fields.id) || taken >= 50) return false;
    perWorkflow.set(fields.workflow, taken + 1);
    return true;
  });
  if (samples.length === 0) return;
  await client.query(
    `INSERT INTO bench_raw.decision_samples (decision_id, workflow, facts, routed_at)
     SELECT id, workflow, fact, $4 FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS t(id, workflow, fact)
     ON CONFLICT (decision_id) DO NOTHING`,
    [
      samples.map(({ fields }) => fields.id),
      samples.map(({ fields }) => fields.workflow),
      samples.map(({ fields }) => {
        const { schemaVersion, model, confidence, attributes, flags, occurredAt } = fields;
        return JSON.stringify({ schemaVersion, model, confidence, output: {}, attributes, flags, occurredAt });
      }),
      now,
    ],
  );
}
