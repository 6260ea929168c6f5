import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { eventually, KafkaProbe, readInfrastructure, RunningPlatform } from '@countersign/testing';
import { OtlpReceiver, ReceivedSpan } from './support/otlp-receiver';
import { approveNextTask, reviewClient } from './support/review-client';

/**
 * One decision, produced with a W3C trace context as an instrumented producer would, followed across every Kafka hop:
 * the services export their spans over OTLP to a receiver in this process, and the audit trail keeps the trace id.
 */
describe('decision trace: one trace from the producer through routing, review, feedback and audit', () => {
  const receiver = new OtlpReceiver();
  let platform: RunningPlatform;
  const kafka = new KafkaProbe(readInfrastructure().kafkaBrokers);

  beforeAll(async () => {
    const endpoint = await receiver.start(0);
    platform = new RunningPlatform({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      // Export within a fraction of a second instead of the default five.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    await platform.start();
    await kafka.watch([Topics.decisionsFinal]);
  });

  afterAll(async () => {
    await kafka.close();
    await platform?.stop();
    await receiver.stop();
  });

  it('links the spans of router, review, feedback and audit into the producer trace, and audit records its id', async () => {
    // A workflow no policy knows: the router sends every decision of it to review.
    const workflow = `e2e-trace-${randomUUID().slice(0, 8)}`;
    const traceId = randomBytes(16).toString('hex');
    const producerSpanId = randomBytes(8).toString('hex');
    const decision = {
      schemaVersion: 1,
      id: `e2e-${randomUUID()}`,
      workflow,
      model: { name: 'contract-extractor', version: '2026.11' },
      confidence: 0.5,
      output: { liabilityCap: 1_000_000 },
      attributes: { amount: 1_000 },
      flags: [],
      occurredAt: new Date().toISOString(),
    };
    await kafka.send(Topics.decisions, decision.id, JSON.stringify(decision), {
      traceparent: `00-${traceId}-${producerSpanId}-01`,
    });

    const reviewer = await mintDevelopmentToken(
      { sub: 'e2e-trace-reviewer', roles: ['reviewer'], workflows: [workflow] },
      DEVELOPMENT_HS256_SECRET,
    );
    const client = reviewClient(platform.url('review', ''), reviewer);
    await eventually(() => approveNextTask(client, workflow).catch(() => undefined), 60_000);
    const [final] = await kafka.waitFor((record) => record.key === decision.id, 1);
    // The final outcome, published from the reviewer's request, still belongs to the decision's trace.
    expect(final.headers.traceparent?.toString()).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    const consumed = (service: string, topic: string) => (span: ReceivedSpan) =>
      span.service === `countersign-${service}` && span.attributes['messaging.destination.name'] === topic;
    const expected = [
      consumed('router', Topics.decisions),
      consumed('review', Topics.reviewRequested),
      consumed('feedback', Topics.decisionsFinal),
      consumed('audit', Topics.decisions),
      consumed('audit', Topics.decisionsFinal),
    ];
    const spans = await eventually(async () => {
      const trace = receiver.trace(traceId);
      return expected.every((matches) => trace.some(matches)) ? trace : undefined;
    }, 60_000);
    // One trace: every span's parent is the producer's span or another span of the same trace.
    const ids = new Set([producerSpanId, ...spans.map((span) => span.spanId)]);
    expect(spans.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId))).toEqual([]);
    expect(spans.find(consumed('router', Topics.decisions))?.parentSpanId).toBe(producerSpanId);
    // Database work done for a record is traced under that record's span.
    expect(
      spans.some((span) => span.service === 'countersign-router' && span.attributes['db.system.name'] === 'postgresql'),
    ).toBe(true);

    const admin = await mintDevelopmentToken(
      { sub: 'e2e-trace-admin', roles: ['admin'], workflows: ['*'] },
      DEVELOPMENT_HS256_SECRET,
    );
    const history = await eventually(async () => {
      const response = await fetch(platform.url('audit', `/api/v1/decisions/${decision.id}/history`), {
        headers: { authorization: `Bearer ${admin}` },
      });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { events: Array<{ event: { type: string }; traceId: string | null }> };
      return body.events.some((entry) => entry.event.type === 'decision.finalized') ? body.events : undefined;
    });
    expect(history.map((entry) => [entry.event.type, entry.traceId])).toEqual(
      history.map((entry) => [entry.event.type, traceId]),
    );
  });
});
