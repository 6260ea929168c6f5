import { Module } from '@nestjs/common';
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
import { auditMigrations } from './database/migrations';
import { AuditEnvironment } from './audit-environment';
import { CheckpointsModule } from './checkpoints/checkpoints.module';
import { EvidencePackModule } from './evidence-pack/evidence-pack.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { FinalOutcomeEntity, OutcomesModule } from '@countersign/outcomes';
import { ReportsModule } from './reports/reports.module';
import { AuditPlansModule } from './sampling/audit-plans.module';
import { TrailModule } from './trail/trail.module';

@Module({
  imports: [
    PlatformConfigModule.forRoot(AuditEnvironment),
    PlatformLoggerModule.forRoot('audit'),
    KafkaModule.forRootAsync({
      inject: [TypedConfig],
      useFactory: (config: TypedConfig<AuditEnvironment>) => ({
        clientId: 'countersign-audit',
        brokers: parseBrokers(config.get('KAFKA_BROKERS')),
        topicPartitions: config.get('KAFKA_TOPIC_PARTITIONS'),
        auditRetentionMs: config.get('KAFKA_AUDIT_RETENTION_MS'),
        security: kafkaSecurityOf(config),
      }),
    }),
    ServiceDatabaseModule.forRoot({
      schema: 'audit',
      entities: [FinalOutcomeEntity],
      migrations: auditMigrations,
    }),
    OutboxModule.forRoot('audit'),
    // Every route needs a token unless marked public (health, metrics); reading the trail takes a lead.
    AuthModule.forRootAsync(),
    HealthModule,
    MetricsModule,
    TrailModule,
    LifecycleModule,
    AuditPlansModule,
    OutcomesModule,
    ReportsModule,
    CheckpointsModule,
    EvidencePackModule,
  ],
})
export class AppModule {}
