import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MixedList } from 'typeorm';
import { ensureDatabase, ensureSchema } from './ensure-database';

export interface ServiceDatabaseOptions {
  /** The Postgres schema the service owns; nobody else reads or writes it. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

/**
 * TypeORM for one service: creates the database and the service's schema if missing, then runs its migrations at
 * start-up. `synchronize` stays off: the schema changes only through reviewed migrations.
 */
@Module({})
export class ServiceDatabaseModule {
  static forRoot(options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: ServiceDatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: async (config: ConfigService) => {
            const url = config.getOrThrow<string>('DATABASE_URL');
            await ensureDatabase(url);
            await ensureSchema(url, options.schema);
            return {
              type: 'postgres' as const,
              url,
              schema: options.schema,
              entities: options.entities,
              migrations: options.migrations,
              migrationsTableName: 'migrations',
              migrationsRun: true,
              migrationsTransactionMode: 'each' as const,
              synchronize: false,
              logging: ['error' as const, 'warn' as const, 'migration' as const],
              extra: {
                max: Number(config.get('DATABASE_POOL_SIZE') ?? 10),
                application_name: `countersign-${options.schema}`,
              },
            };
          },
        }),
      ],
    };
  }
}
