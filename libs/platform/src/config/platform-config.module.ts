import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypedConfig } from './typed-config';
import { validateEnvironment } from './validate-environment';

/**
 * @nestjs/config, global, validated at start-up against the service's environment class; read it through
 * TypedConfig, whose defaults are that class's.
 */
@Module({})
export class PlatformConfigModule {
  static forRoot<T extends object>(environmentClass: new () => T): DynamicModule {
    return {
      module: PlatformConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          ignoreEnvFile: true,
          validate: (raw) => validateEnvironment(environmentClass, raw),
        }),
      ],
      providers: [
        {
          provide: TypedConfig,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => new TypedConfig(config, environmentClass),
        },
      ],
      exports: [TypedConfig],
    };
  }

  /**
   * The same providers for tests and tools that start a part of a service in-process: the environment given, not
   * the process's, validated against the class as at start-up.
   */
  static forValues<T extends object>(environmentClass: new () => T, raw: Record<string, unknown> = {}): DynamicModule {
    const config = new ConfigService(validateEnvironment(environmentClass, raw));
    return {
      module: PlatformConfigModule,
      global: true,
      providers: [
        { provide: ConfigService, useValue: config },
        { provide: TypedConfig, useValue: new TypedConfig(config, environmentClass) },
      ],
      exports: [ConfigService, TypedConfig],
    };
  }
}
