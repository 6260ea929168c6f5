import { INestApplication, Logger, Type, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { hostname } from 'node:os';
import { DeliveryMode, KafkaBatchTransport, KafkaConnection } from '@countersign/kafka';

export interface ServiceDefinition {
  name: 'router' | 'review' | 'feedback' | 'audit';
  module: Type<unknown>;
  description: string;
  /** How the service consumes; omit for a service without Kafka handlers. */
  consumer?: { mode: DeliveryMode };
}

/**
 * Starts one Countersign service: HTTP API with OpenAPI at /docs, the Kafka consumer, and graceful shutdown
 * (stop fetching, finish and commit the batch in flight, disconnect) on SIGTERM/SIGINT.
 */
export async function runService(definition: ServiceDefinition): Promise<INestApplication> {
  const app = await NestFactory.create(definition.module, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
  app.enableShutdownHooks();
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  const config = app.get(ConfigService);
  const instanceId = config.get<string>('INSTANCE_ID') ?? hostname();

  const openApi = new DocumentBuilder()
    .setTitle(`Countersign ${definition.name}`)
    .setDescription(definition.description)
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));

  // Runs module init hooks: database migrations and topic creation happen before anything consumes or listens.
  await app.init();

  if (definition.consumer) {
    const { kafka } = app.get(KafkaConnection);
    app.connectMicroservice(
      {
        strategy: new KafkaBatchTransport({
          kafka,
          groupId: `countersign-${definition.name}`,
          serviceName: definition.name,
          mode: definition.consumer.mode,
          transactionalId: `countersign-${definition.name}-${instanceId}`,
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }

  const port = config.getOrThrow<number>('PORT');
  await app.listen(port, '0.0.0.0');
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
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`countersign ${definition.name} failed to start: ${message}\n`);
    process.exit(1);
  });
}
