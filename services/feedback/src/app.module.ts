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
import { feedbackMigrations } from './database/migrations';
import { BacktestModule } from './backtest/backtest.module';
import { EstimatesModule } from './estimates/estimates.module';
import { ExportsModule } from './exports/exports.module';
import { FeedbackEnvironment } from './feedback-environment';
import { JudgmentsModule } from './judgments/judgments.module';
import { FinalOutcomeEntity } from '@countersign/outcomes';
import { FinalOutcomesModule } from './outcomes/outcomes.module';
import { OversightModule } from './oversight/oversight.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { RiskControlModule } from './risk-control/risk-control.module';
import { StatisticsModule } from './statistics/statistics.module';

@Module({
  imports: [
    PlatformConfigModule.forRoot(FeedbackEnvironment),
    PlatformLoggerModule.forRoot('feedback'),
    KafkaModule.forRootAsync({
      inject: [TypedConfig],
      useFactory: (config: TypedConfig<FeedbackEnvironment>) => ({
        clientId: 'countersign-feedback',
        brokers: parseBrokers(config.get('KAFKA_BROKERS')),
        topicPartitions: config.get('KAFKA_TOPIC_PARTITIONS'),
        auditRetentionMs: config.get('KAFKA_AUDIT_RETENTION_MS'),
        security: kafkaSecurityOf(config),
      }),
    }),
    ServiceDatabaseModule.forRoot({
      schema: 'feedback',
      entities: [FinalOutcomeEntity],
      migrations: feedbackMigrations,
    }),
    OutboxModule.forRoot('feedback'),
    // Every route needs a token unless marked public (health, metrics); roles per route.
    AuthModule.forRootAsync(),
    HealthModule,
    MetricsModule,
    FinalOutcomesModule,
    JudgmentsModule,
    StatisticsModule,
    RecommendationsModule,
    RiskControlModule,
    ExportsModule,
    EstimatesModule,
    BacktestModule,
    OversightModule,
  ],
})
export class AppModule {}
