import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';

/** @nestjs/config, global, validated at start-up against the service's environment class. */
@Module({})
export class PlatformConfigModule {
  static forRoot<T extends object>(environmentClass: new () => T): DynamicModule {
    return {
      module: PlatformConfigModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          ignoreEnvFile: true,
          validate: (raw) => validateEnvironment(environmentClass, raw),
        }),
      ],
    };
  }
}
