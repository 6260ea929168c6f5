import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { TypedConfig } from '../config/typed-config';

/** Structured JSON logs (pino) for Nest, kafkajs and HTTP access, with the service name on every line. */
@Module({})
export class PlatformLoggerModule {
  static forRoot(serviceName: string): DynamicModule {
    return {
      module: PlatformLoggerModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [TypedConfig],
          useFactory: (config: TypedConfig) => ({
            pinoHttp: {
              level: config.get('LOG_LEVEL'),
              base: { service: serviceName },
              messageKey: 'msg',
              timestamp: () => `,"time":"${new Date().toISOString()}"`,
              formatters: { level: (label: string) => ({ level: label }) },
              // Health probes every few seconds would drown the access log.
              autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health') },
              redact: ['req.headers.authorization'],
            },
          }),
        }),
      ],
    };
  }
}
