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
import { routerMigrations } from './database/migrations';
import { PoliciesModule } from './policies/policies.module';
import { PolicyVersionEntity } from './policies/policy-version.entity';
import { RouterEnvironment } from './router-environment';
import { RoutingModule } from './routing/routing.module';

@Module({
  imports: [
    PlatformConfigModule.forRoot(RouterEnvironment),
    PlatformLoggerModule.forRoot('router'),
    KafkaModule.forRootAsync({
      inject: [TypedConfig],
      useFactory: (config: TypedConfig<RouterEnvironment>) => ({
        clientId: 'countersign-router',
        brokers: parseBrokers(config.get('KAFKA_BROKERS')),
        topicPartitions: config.get('KAFKA_TOPIC_PARTITIONS'),
        auditRetentionMs: config.get('KAFKA_AUDIT_RETENTION_MS'),
        security: kafkaSecurityOf(config),
      }),
    }),
    ServiceDatabaseModule.forRoot({ schema: 'router', entities: [PolicyVersionEntity], migrations: routerMigrations }),
    OutboxModule.forRoot('router'),
    // Only the policy API needs a token; health, metrics and docs stay open.
    AuthModule.forRootAsync({ guardEveryRoute: false }),
    HealthModule,
    MetricsModule,
    PoliciesModule,
    RoutingModule,
  ],
})
export class AppModule {}
