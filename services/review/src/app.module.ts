import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '@countersign/auth';
import { KafkaModule, OutboxModule, parseBrokers } from '@countersign/kafka';
import {
  HealthModule,
  MetricsModule,
  PlatformConfigModule,
  PlatformLoggerModule,
  ServiceDatabaseModule,
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
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        clientId: 'countersign-review',
        brokers: parseBrokers(config.getOrThrow('KAFKA_BROKERS')),
        topicPartitions: config.getOrThrow('KAFKA_TOPIC_PARTITIONS'),
        auditRetentionMs: config.getOrThrow('KAFKA_AUDIT_RETENTION_MS'),
      }),
    }),
    ServiceDatabaseModule.forRoot({ schema: 'review', entities: [], migrations: reviewMigrations }),
    OutboxModule.forRoot('review'),
    // Every route needs a reviewer's token unless marked public (health, metrics).
    AuthModule.forRootAsync(),
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => [{ ttl: 10_000, limit: Number(config.get('REVIEW_WRITE_LIMIT') ?? 200) }],
    }),
    HealthModule,
    MetricsModule,
    TasksModule,
    WebAppModule,
  ],
})
export class AppModule {}
