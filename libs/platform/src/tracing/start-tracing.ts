import type { TracerProvider } from '@opentelemetry/api';

/** Whether the standard OTEL_* variables ask for traces: an OTLP endpoint is set and the SDK is not disabled. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

let provider: { shutdown(): Promise<void> } | undefined;

/**
 * Starts OpenTelemetry tracing for one service, exporting over OTLP/HTTP (JSON) to the collector the standard variables
 * name (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER, OTEL_BSP_*). Off unless an endpoint is set: then
 * not even the SDK is loaded, and the Kafka trace headers still pass through (libs/kafka trace-context).
 *
 * It must run before Nest, http and pg are loaded — the instrumentations wrap those modules as they are required —
 * which is why each service's main.ts imports its `tracing.ts` first.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (provider || !tracingRequested(env)) return false;
  // Loaded only when tracing is on: off, it costs nothing.
  const { NodeTracerProvider, BatchSpanProcessor } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { detectResources, envDetector, resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');

  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over the service's own name.
  const resource = resourceFromAttributes({ 'service.name': `countersign-${serviceName}` }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const tracerProvider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Also installs the AsyncLocalStorage context manager and the W3C trace-context propagator.
  tracerProvider.register();
  registerInstrumentations({
    tracerProvider: tracerProvider as TracerProvider,
    instrumentations: [
      // Probes and scrapes every few seconds would drown the traces that matter.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isProbe(request.url) }),
      // A query outside any request or record (the outbox relay's polling) would be a trace of its own each time.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  provider = tracerProvider;
  // Nest closes the service on these signals; the spans buffered so far go out meanwhile instead of dying with it.
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => void tracerProvider.forceFlush().catch(() => undefined));
  return true;
}

/** Exports the spans still buffered; called on shutdown so the last batch's spans are not lost. */
export async function stopTracing(): Promise<void> {
  const started = provider;
  provider = undefined;
  await started?.shutdown();
}

function isProbe(url: string | undefined): boolean {
  const path = url?.split('?')[0];
  return path === '/health' || path === '/metrics';
}
