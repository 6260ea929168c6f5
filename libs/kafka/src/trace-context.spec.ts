import { InboundRecord } from './records';
import {
  BatchTrace,
  continuingTrace,
  currentTraceId,
  currentTraceparent,
  traceIdOfHeaders,
  withTraceHeaders,
} from './trace-context';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER = '0af7651916cd43dd8448eb211c80319c';
const parent = (traceId: string) => `00-${traceId}-00f067aa0ba902b7-01`;

function inbound(key: string, traceparent?: string): InboundRecord {
  return {
    topic: 'countersign.decisions',
    partition: 0,
    offset: '7',
    key: Buffer.from(key),
    value: Buffer.from('{}'),
    headers: traceparent ? { traceparent: Buffer.from(traceparent) } : {},
    timestamp: '0',
  };
}

// No SDK is started here, as in a service without OTEL_EXPORTER_OTLP_ENDPOINT: the trace context must still pass.
describe('trace context in Kafka record headers', () => {
  it('reads the trace id a record carries, and none from a record without or with a malformed header', () => {
    expect(traceIdOfHeaders({ traceparent: Buffer.from(parent(TRACE)) })).toBe(TRACE);
    expect(traceIdOfHeaders({})).toBeUndefined();
    expect(traceIdOfHeaders({ traceparent: 'not-a-traceparent' })).toBeUndefined();
  });

  it('reads null headers (length -1 on the wire, sent by any stock producer) as absent, and never throws', () => {
    // kafkajs's IHeaders type omits null, but its decoder yields it for a header of length -1.
    const nulls = [
      { traceparent: null },
      { traceparent: [null, Buffer.from(parent(TRACE))] },
      { traceparent: Buffer.from(parent(TRACE)), tracestate: null },
    ] as unknown as Parameters<typeof traceIdOfHeaders>[0][];
    expect(nulls.map((headers) => traceIdOfHeaders(headers))).toEqual([undefined, undefined, TRACE]);
    const record = { ...inbound('decision-a'), headers: nulls[0] } as InboundRecord;
    expect(() => new BatchTrace([record], 'countersign-test').end()).not.toThrow();
  });

  it('gives what a batch handler publishes the trace of the input with the same key', async () => {
    const batch = [inbound('decision-a', parent(TRACE)), inbound('decision-b', parent(OTHER)), inbound('decision-c')];
    const trace = new BatchTrace(batch, 'countersign-test');
    const seen = await trace.run(
      batch,
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return {
          a: currentTraceId('decision-a'),
          b: currentTraceId('decision-b'),
          c: currentTraceId('decision-c'),
          header: withTraceHeaders({ topic: 't', key: 'decision-b', value: Buffer.from('{}') }).headers?.traceparent,
        };
      },
      batch,
    );
    trace.end();
    expect(seen).toEqual({ a: TRACE, b: OTHER, c: undefined, header: expect.stringContaining(OTHER) });
    // Outside the batch's scope nothing is current.
    expect(currentTraceparent('decision-a')).toBeUndefined();
  });

  it("keeps a record's own traceparent, and continues a stored one on records without", () => {
    const own = { topic: 't', key: 'k', value: Buffer.from('{}'), headers: { traceparent: parent(OTHER) } };
    const bare = { topic: 't', key: 'k', value: Buffer.from('{}') };
    const [kept, continued] = continuingTrace([own, bare], parent(TRACE));
    expect(kept.headers?.traceparent).toBe(parent(OTHER));
    expect(traceIdOfHeaders(continued.headers as Record<string, string>)).toBe(TRACE);
    expect(continuingTrace([bare], undefined)).toEqual([bare]);
  });
});
