import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { KafkaModule, parseBrokers } from '@countersign/kafka';
import { HealthModule, PlatformConfigModule, PlatformLoggerModule, ServiceDatabaseModule } from '@countersign/platform';
import { routerMigrations } from './database/migrations';
import { RouterEnvironment } from './router-environment';
import { RoutingModule } from './routing/routing.module';

@Module({
  imports: [
    PlatformConfigModule.forRoot(RouterEnvironment),
    PlatformLoggerModule.forRoot('router'),
    KafkaModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        clientId: 'countersign-router',
        brokers: parseBrokers(config.getOrThrow('KAFKA_BROKERS')),
        topicPartitions: config.getOrThrow('KAFKA_TOPIC_PARTITIONS'),
      }),
    }),
    ServiceDatabaseModule.forRoot({ schema: 'router', entities: [], migrations: routerMigrations }),
    HealthModule,
    RoutingModule,
  ],
})
export class AppModule {}
