import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { KafkaModule, parseBrokers } from '@countersign/kafka';
import { HealthModule, PlatformConfigModule, PlatformLoggerModule, ServiceDatabaseModule } from '@countersign/platform';
import { auditMigrations } from './database/migrations';
import { AuditEnvironment } from './audit-environment';
import { FinalOutcomeEntity } from './outcomes/final-outcome.entity';
import { OutcomesModule } from './outcomes/outcomes.module';

@Module({
  imports: [
    PlatformConfigModule.forRoot(AuditEnvironment),
    PlatformLoggerModule.forRoot('audit'),
    KafkaModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        clientId: 'countersign-audit',
        brokers: parseBrokers(config.getOrThrow('KAFKA_BROKERS')),
        topicPartitions: config.getOrThrow('KAFKA_TOPIC_PARTITIONS'),
      }),
    }),
    ServiceDatabaseModule.forRoot({
      schema: 'audit',
      entities: [FinalOutcomeEntity],
      migrations: auditMigrations,
    }),
    HealthModule,
    OutcomesModule,
  ],
})
export class AppModule {}
