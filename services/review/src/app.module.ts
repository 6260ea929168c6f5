import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { KafkaModule, parseBrokers } from '@countersign/kafka';
import { HealthModule, PlatformConfigModule, PlatformLoggerModule, ServiceDatabaseModule } from '@countersign/platform';
import { reviewMigrations } from './database/migrations';
import { ReviewEnvironment } from './review-environment';
import { ReviewTaskEntity } from './tasks/review-task.entity';
import { TasksModule } from './tasks/tasks.module';

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
      }),
    }),
    ServiceDatabaseModule.forRoot({ schema: 'review', entities: [ReviewTaskEntity], migrations: reviewMigrations }),
    HealthModule,
    TasksModule,
  ],
})
export class AppModule {}
