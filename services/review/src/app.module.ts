import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '@countersign/auth';
import { KafkaModule, OutboxModule, parseBrokers } from '@countersign/kafka';
import {
  HealthModule,
  kafkaSecurityOf,
  MetricsModule,
  PlatformConfigModule,
  PlatformLoggerModule,
  ServiceDatabaseModule,
  TypedConfig,
} from '@countersign/platform';
import { reviewMigrations } from './database/migrations';
import { ReviewEnvironment } from './review-environment';
import { TasksModule } from './tasks/tasks.module';
import { WebAppModule } from './web/web-app.module';

@Module({
  imports: [
    PlatformConfigModule.forRoot(ReviewEnvironment),
    PlatformLoggerModule.forRoot('review'),
    KafkaModule.forRootAsync({
      inject: [TypedConfig],
      useFactory: (config: TypedConfig<ReviewEnvironment>) => ({
        clientId: 'countersign-review',
        brokers: parseBrokers(config.get('KAFKA_BROKERS')),
        topicPartitions: config.get('KAFKA_TOPIC_PARTITIONS'),
        auditRetentionMs: config.get('KAFKA_AUDIT_RETENTION_MS'),
        security: kafkaSecurityOf(config),
      }),
    }),
    ServiceDatabaseModule.forRoot({ schema: 'review', entities: [], migrations: reviewMigrations }),
    OutboxModule.forRoot('review'),
    // Every route needs a reviewer's token unless marked public (health, metrics).
    AuthModule.forRootAsync(),
    ThrottlerModule.forRootAsync({
      inject: [TypedConfig],
      useFactory: (config: TypedConfig<ReviewEnvironment>) => [
        { ttl: 10_000, limit: config.get('REVIEW_WRITE_LIMIT') },
      ],
    }),
    HealthModule,
    MetricsModule,
    TasksModule,
    WebAppModule,
  ],
})
export class AppModule {}
