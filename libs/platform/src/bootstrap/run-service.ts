import { INestApplication, Logger, Type, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { DeliveryMode, HandlerErrorsFilter, KafkaBatchTransport, KafkaConnection } from '@countersign/kafka';
import { refuseUndecodableUrl } from '../http/refuse-undecodable-url';
import { createFastifyApplication } from '../http/fastify-application';
import { StorableTextPipe } from '../http/storable-text.pipe';
import { applyRateLimit, applySecurityHeaders } from '../http/http-protections';
import { buildOpenApiDocument } from '../http/openapi/openapi-document';
import { badRequest, fieldErrorsOf } from './field-errors';
import { TypedConfig } from '../config/typed-config';

export interface ServiceDefinition {
  name: 'router' | 'review' | 'feedback' | 'audit';
  module: Type<unknown>;
  description: string;
  /** How the service consumes; omit for a service without Kafka handlers. */
  consumer?: { mode: DeliveryMode };
  /** The HTTP platform under Nest: Express unless said otherwise; review runs on Fastify (less CPU per request). */
  http?: 'express' | 'fastify';
}

const APP_OPTIONS = { bufferLogs: true, abortOnError: false };

/**
 * Starts one Countersign service: HTTP API with OpenAPI at /docs, the Kafka consumer, and graceful shutdown
 * (stop fetching, finish and commit the batch in flight, disconnect) on SIGTERM/SIGINT.
 */
export async function runService(definition: ServiceDefinition): Promise<INestApplication> {
  // abortOnError off: a start-up failure reaches main()'s handler and is printed plainly, not as a Nest stack trace.
  const fastify = definition.http === 'fastify';
  const app = fastify
    ? await createFastifyApplication(definition.module, APP_OPTIONS)
    : await NestFactory.create(definition.module, APP_OPTIONS);
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
  app.enableShutdownHooks();
  // On Fastify the same refusal is its first request hook (createFastifyApplication).
  if (!fastify) app.use(refuseUndecodableUrl);
  app.useGlobalPipes(
    new StorableTextPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: true,
      exceptionFactory: (errors) => badRequest(fieldErrorsOf(errors)),
    }),
  );
  const config = app.get<TypedConfig>(TypedConfig);
  const corsOrigins = config.get('CORS_ORIGINS');
  // Bearer tokens, not cookies: no credentials mode is needed, only the origins and the authorization header.
  if (corsOrigins)
    app.enableCors({ origin: corsOrigins.split(','), allowedHeaders: ['authorization', 'content-type'] });
  const instanceId = config.get('INSTANCE_ID');
  const raw = app.get(ConfigService);
  applySecurityHeaders(app, (key) => raw.get<string>(key));
  applyRateLimit(app, config.get('HTTP_RATE_LIMIT'));

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, definition));

  // Runs module init hooks: database migrations and topic creation happen before anything consumes or listens.
  await app.init();

  if (definition.consumer) {
    const { kafka } = app.get(KafkaConnection);
    app.useGlobalFilters(new HandlerErrorsFilter(app.getHttpAdapter()));
    app.connectMicroservice(
      {
        strategy: new KafkaBatchTransport({
          kafka,
          groupId: `countersign-${definition.name}`,
          serviceName: definition.name,
          mode: definition.consumer.mode,
          transactionalIdPrefix: `countersign-${definition.name}`,
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }

  const port = config.get('PORT');
  const host = config.get('HOST');
  await app.listen(port, host);
  new Logger('bootstrap').log({
    msg: `${definition.name} ready`,
    url: `http://localhost:${port}`,
    docs: `http://localhost:${port}/docs`,
    instanceId,
  });
  return app;
}

/** Entry point wrapper: a configuration or start-up error is printed plainly and exits non-zero. */
export function main(definition: ServiceDefinition): void {
  runService(definition).catch((error: unknown) => {
    process.stderr.write(`countersign ${definition.name} failed to start: ${explainStartFailure(error)}\n`);
    process.exit(1);
  });
}

function explainStartFailure(error: unknown): string {
  const described = error as { code?: string; address?: string; port?: number; message?: string; name?: string };
  if (described.name?.startsWith('KafkaJS')) {
    return `cannot reach Kafka (${described.message}); is it running (npm run kafka:start), and is KAFKA_BROKERS right?`;
  }
  if (described.code === 'ECONNREFUSED') {
    return `cannot reach Postgres at ${described.address}:${described.port}; is it running, and is DATABASE_URL right?`;
  }
  if (described.code === 'EADDRINUSE') return `port ${described.port} is already in use; set PORT to another one`;
  return described.message ?? String(error);
}
