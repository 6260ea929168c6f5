import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { KafkaModule, parseBrokers } from '@countersign/kafka';
import { HealthModule, PlatformConfigModule, PlatformLoggerModule, ServiceDatabaseModule } from '@countersign/platform';
import { feedbackMigrations } from './database/migrations';
import { FeedbackEnvironment } from './feedback-environment';
import { FinalOutcomeEntity } from './outcomes/final-outcome.entity';
import { OutcomesModule } from './outcomes/outcomes.module';

@Module({
  imports: [
    PlatformConfigModule.forRoot(FeedbackEnvironment),
    PlatformLoggerModule.forRoot('feedback'),
    KafkaModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        clientId: 'countersign-feedback',
        brokers: parseBrokers(config.getOrThrow('KAFKA_BROKERS')),
        topicPartitions: config.getOrThrow('KAFKA_TOPIC_PARTITIONS'),
      }),
    }),
    ServiceDatabaseModule.forRoot({
      schema: 'feedback',
      entities: [FinalOutcomeEntity],
      migrations: feedbackMigrations,
    }),
    HealthModule,
    OutcomesModule,
  ],
})
export class AppModule {}
