// `npm run decision:send -- [--workflow contract-review] [--confidence 0.72] [--amount 250000] [--region EU]
//   [--flag anomaly:liability-cap] [--id my-id]`: produces one decision onto countersign.decisions with a plain
// kafkajs producer, as a platform team would, and reports where the platform sent it.
import { DecisionV1, FinalDecisionV1, ReviewRequestedV1, Topics } from '@countersign/contracts';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

const EXAMPLE_OUTPUTS: Record<string, Record<string, unknown>> = {
  'contract-review': { counterparty: 'Acme GmbH', liabilityCap: 1_000_000, termMonths: 36, governingLaw: 'Germany' },
  'lead-qualification': { fitScore: 0.81, rank: 'A', segment: 'mid-market' },
  'supplier-onboarding': { documentsVerified: true, sanctionsHit: false, decision: 'approve' },
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workflow: { type: 'string', default: 'contract-review' },
      confidence: { type: 'string', default: '0.95' },
      amount: { type: 'string', default: '120000' },
      region: { type: 'string', default: 'EU' },
      flag: { type: 'string', multiple: true, default: [] },
      id: { type: 'string' },
      wait: { type: 'string', default: '20' },
    },
  });
  const decision: DecisionV1 = {
    schemaVersion: 1,
    id: values.id ?? `demo-${randomUUID()}`,
    workflow: values.workflow,
    model: { name: `${values.workflow}-model`, version: '1.0.0' },
    confidence: Number(values.confidence),
    output: EXAMPLE_OUTPUTS[values.workflow] ?? { answer: 'yes' },
    evidence: { note: 'sent by npm run decision:send' },
    attributes: { amount: Number(values.amount), region: values.region },
    flags: values.flag,
    occurredAt: new Date().toISOString(),
  };
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = new Kafka({
    clientId: 'countersign-decision-send',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 300 },
  });
  const admin = kafka.admin();
  await admin.connect().catch(() => {
    throw new Error(`cannot reach Kafka at ${brokers.join(',')}: is the platform running (npm start)?`);
  });
  await admin.disconnect();

  const consumer = kafka.consumer({ groupId: `decision-send-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [Topics.decisionsFinal, Topics.reviewRequested], fromBeginning: false });
  const outcome = new Promise<string>((resolve) => {
    void consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (message.key?.toString() !== decision.id) return;
        const event = JSON.parse(message.value?.toString() ?? '{}') as FinalDecisionV1 & ReviewRequestedV1;
        resolve(
          topic === Topics.decisionsFinal
            ? `final outcome: ${event.outcome} (released to downstream systems on ${Topics.decisionsFinal})`
            : `sent to human review (${event.routing.reasons.join(', ')}); it is now a task in the review service`,
        );
      },
    });
  });
  // Produce only once the watcher holds its partitions, so the outcome cannot slip past it.
  await joined;
  await new Promise((resolve) => setTimeout(resolve, 500)); // and has resolved its starting offsets

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  await producer.send({ topic: Topics.decisions, messages: [{ key: decision.id, value: JSON.stringify(decision) }] });
  await producer.disconnect();
  console.log(
    `sent decision ${decision.id} (${decision.workflow}, confidence ${decision.confidence}) to ${Topics.decisions}`,
  );

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`no outcome within ${values.wait} s: is the platform running (npm start)?`),
      Number(values.wait) * 1000,
    );
  });
  console.log(await Promise.race([outcome, timeout]));
  clearTimeout(timer);
  await consumer.disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
