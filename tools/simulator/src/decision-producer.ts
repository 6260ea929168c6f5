import { Kafka, Partitioners, Producer } from 'kafkajs';
import { Topics } from '@countersign/contracts';
import { SimulatedDecision } from './domain/simulated-decision';
import { sleep } from './simulated-reviewer';
import { TruthLedger } from './truth-ledger';

const TICK_MS = 100;

/**
 * Sends the simulated decisions onto countersign.decisions at `rate` per second, keyed by decision id, with an
 * idempotent producer; records each one's ground truth before it is sent, so no reviewer ever meets a decision whose
 * truth is unknown.
 */
export class DecisionProducer {
  private producer?: Producer;
  sent = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly truths: TruthLedger,
  ) {}

  async stream(
    decisions: Iterable<SimulatedDecision>,
    rate: number,
    onProgress: (sent: number) => void = () => undefined,
    gate: (sent: number) => Promise<void> = async () => undefined,
  ): Promise<void> {
    this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await this.producer.connect();
    const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
    const started = Date.now();
    let batch: SimulatedDecision[] = [];
    for (const item of decisions) {
      batch.push(item);
      if (batch.length < perTick) continue;
      await gate(this.sent);
      await this.send(batch, onProgress);
      batch = [];
      // Hold the rate over the whole run, not per tick, so a slow send is caught up afterwards.
      const due = started + (this.sent / rate) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    if (batch.length > 0) await this.send(batch, onProgress);
  }

  private async send(batch: SimulatedDecision[], onProgress: (sent: number) => void): Promise<void> {
    this.truths.add(batch.map(({ truth }) => truth));
    await (this.producer as Producer).send({
      topic: Topics.decisions,
      messages: batch.map(({ decision }) => ({ key: decision.id, value: JSON.stringify(decision) })),
    });
    this.sent += batch.length;
    onProgress(this.sent);
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}
