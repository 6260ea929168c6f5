import { Topics } from '@countersign/contracts';
import { Partitioners, Producer } from 'kafkajs';
import { simulateDecision } from '../domain/decision-stream';
import { kafkaClient } from '../kafka-client';
import { PlatformEvents } from '../platform-events';

/**
 * The drill's measure of recovery: a canary decision sent once a fault is lifted, and how long until the platform has
 * routed it (and released it, when it routes autonomously). Canaries carry ids of their own (`canary-<run>-<n>`), so
 * the checker, which reads the run's ids, never counts them; one routed to review stays open (no reviewer knows its
 * truth), which is harmless.
 */
export class RecoveryCanary {
  private readonly events: PlatformEvents;
  private producer?: Producer;
  private sent = 0;

  constructor(
    brokers: string,
    private readonly runId: string,
  ) {
    const kafka = kafkaClient(brokers, 'countersign-drill-canary');
    this.events = new PlatformEvents(kafka, (id) => id.startsWith(`canary-${runId}-`));
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  }

  async start(): Promise<void> {
    await this.producer?.connect();
    await this.events.start();
  }

  /** Sends a canary; the returned function says whether the platform has dealt with it yet. */
  async send(): Promise<() => boolean> {
    const settings = {
      seed: `canary-${this.runId}`,
      runId: `canary-${this.runId}`,
      count: 1,
      behaviour: { calibration: 'over-confident' as const, versions: 1 },
      startAt: new Date(),
      intervalMs: 1,
    };
    const { decision } = simulateDecision(settings, this.sent++);
    await this.producer?.send({
      topic: Topics.decisions,
      messages: [{ key: decision.id, value: JSON.stringify(decision) }],
    });
    return () => {
      const routed = this.events.routed.get(decision.id);
      if (!routed) return false;
      return routed.routing.route !== 'autonomous' || this.events.finals.some((f) => f.decisionId === decision.id);
    };
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    await this.events.stop().catch(() => undefined);
  }
}
