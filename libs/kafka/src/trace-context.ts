import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Context,
  context as otelContext,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { IHeaders } from 'kafkajs';
import { InboundRecord, OutboundRecord } from './records';

/**
 * W3C trace context in Kafka record headers (`traceparent`, `tracestate`). The transport is our own (libs/kafka), so
 * no kafkajs instrumentation sees its produce and consume points; they carry the context here instead.
 *
 * The propagator is used directly, not through the global API: the trace id then travels from record to record (and
 * into the audit trail) even when no SDK is started — the no-op tracer hands the parent's context through unchanged.
 */
const propagator = new W3CTraceContextPropagator();
const tracer = trace.getTracer('@countersign/kafka');

const headerGetter: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const first = Array.isArray(value) ? value[0] : value;
    // kafkajs hands a header of length -1 over as null: any producer can send one, and it must read as absent.
    return first === undefined || first === null ? undefined : first.toString();
  },
};

/** The records of the batch in hand: each record's processing context, by record key (a decision id). */
interface TraceScope {
  byKey: ReadonlyMap<string, Context>;
  /** The context of the one record being handled (per-record handlers). */
  current?: Context;
}

const scope = new AsyncLocalStorage<TraceScope>();

/**
 * A record's trace context. Headers come from any producer: whatever they hold, this never throws (a throw here would
 * reject the batch before poison isolation and stall the partition); an unreadable context is no context.
 */
export function extractTraceContext(headers: IHeaders | undefined): Context {
  try {
    return propagator.extract(ROOT_CONTEXT, headers ?? {}, headerGetter);
  } catch {
    return ROOT_CONTEXT;
  }
}

/** The trace id a record's headers carry, if any. */
export function traceIdOfHeaders(headers: IHeaders | undefined): string | undefined {
  return validTraceId(extractTraceContext(headers));
}

function validTraceId(context: Context): string | undefined {
  const spanContext = trace.getSpanContext(context);
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * The context an event about `key` continues: the batch record with that key, else the record being handled, else
 * whatever is active (an HTTP request's span when the SDK runs).
 */
function contextFor(key?: string): Context {
  const current = scope.getStore();
  return (key !== undefined ? current?.byKey.get(key) : undefined) ?? current?.current ?? otelContext.active();
}

/** The trace id events about `key` belong to now (see contextFor); undefined outside any trace. */
export function currentTraceId(key?: string): string | undefined {
  return validTraceId(contextFor(key));
}

/** The `traceparent` to store with state that later publishes on the trace's behalf (a review task). */
export function currentTraceparent(key?: string): string | undefined {
  const carrier: Record<string, string> = {};
  propagator.inject(contextFor(key), carrier, { set: (target, name, value) => (target[name] = value) });
  return carrier.traceparent;
}

function keyText(key: OutboundRecord['key']): string | undefined {
  return key === null ? undefined : key.toString();
}

/** `record` with the trace context of its key (see contextFor) in its headers, unless it carries one already. */
export function withTraceHeaders(record: OutboundRecord, context = contextFor(keyText(record.key))): OutboundRecord {
  if (record.headers?.traceparent !== undefined) return record;
  const headers: Record<string, string | Buffer> = { ...record.headers };
  propagator.inject(context, headers, { set: (target, name, value) => (target[name] = value) });
  return headers.traceparent === undefined ? record : { ...record, headers };
}

/** Records published on behalf of a stored trace (`traceparent` kept with a task): they continue that trace. */
export function continuingTrace(records: OutboundRecord[], traceparent: string | undefined): OutboundRecord[] {
  if (!traceparent) return records;
  const context = extractTraceContext({ traceparent });
  return records.map((record) => withTraceHeaders(record, context));
}

/**
 * One consumer span per record of a batch, child of the context its headers carry, and the scope in which handlers
 * run: events they publish about a record's key continue that record's trace. `end` closes the spans once the batch
 * committed (or failed), so a span covers the transaction that made its effects visible.
 */
export class BatchTrace {
  private readonly spans: Span[];
  private readonly contexts: Context[];
  private readonly byKey: Map<string, Context>;

  constructor(records: readonly InboundRecord[], groupId: string) {
    this.spans = records.map((record) =>
      tracer.startSpan(
        `${record.topic} process`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'process',
            'messaging.destination.name': record.topic,
            'messaging.destination.partition.id': String(record.partition),
            'messaging.kafka.offset': Number(record.offset),
            'messaging.consumer.group.name': groupId,
            ...(record.key && { 'messaging.kafka.message.key': record.key.toString() }),
          },
        },
        extractTraceContext(record.headers),
      ),
    );
    this.contexts = records.map((record, index) =>
      trace.setSpan(extractTraceContext(record.headers), this.spans[index]),
    );
    this.byKey = new Map(
      records.flatMap((record, index) => (record.key ? [[record.key.toString(), this.contexts[index]] as const] : [])),
    );
  }

  /** Runs a handler for `records` (a subset of the batch, or one record) inside their trace scope. */
  run<T>(records: readonly InboundRecord[], work: () => Promise<T>, batch: readonly InboundRecord[]): Promise<T> {
    const single = records.length === 1 ? this.contexts[batch.indexOf(records[0])] : undefined;
    // One record: its span is the active context, so database spans nest under it. Several: no one parent fits.
    return scope.run({ byKey: this.byKey, current: single }, () => (single ? otelContext.with(single, work) : work()));
  }

  /** The context a record's outputs (and dead letter) continue. */
  contextOf(index: number): Context {
    return this.contexts[index];
  }

  end(error?: unknown): void {
    for (const span of this.spans) {
      if (error !== undefined) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      }
      span.end();
    }
  }
}
