import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaConnection } from './kafka-connection';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { KafkaSettings } from './kafka-settings';

export interface KafkaModuleOptions {
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...deps: never[]) => KafkaSettings;
}

@Global()
@Module({})
export class KafkaModule {
  static forRootAsync(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      imports: [TerminusModule],
      providers: [
        {
          provide: KafkaConnection,
          inject: options.inject ?? [],
          useFactory: (...deps: never[]) => new KafkaConnection(options.useFactory(...deps)),
        },
        KafkaHealthIndicator,
      ],
      exports: [KafkaConnection, KafkaHealthIndicator],
    };
  }
}
