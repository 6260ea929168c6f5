import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, MixedList } from 'typeorm';
import { ensureDatabase, ensureSchema } from './ensure-database';
import { runMigrationsExclusively } from './run-migrations-exclusively';
import { TypedConfig } from '../config/typed-config';

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
 * start-up — one replica at a time (a session advisory lock): replicas starting together on a new database otherwise
 * race to create the same tables, and all but one fail. `synchronize` stays off: the schema changes only through
 * reviewed migrations.
 */
@Module({})
export class ServiceDatabaseModule {
  static forRoot(options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: ServiceDatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [TypedConfig],
          useFactory: async (config: TypedConfig) => {
            const url = config.get('DATABASE_URL');
            await ensureDatabase(url);
            await ensureSchema(url, options.schema);
            return {
              type: 'postgres' as const,
              url,
              schema: options.schema,
              entities: options.entities,
              migrations: options.migrations,
              migrationsTableName: 'migrations',
              migrationsRun: false,
              migrationsTransactionMode: 'each' as const,
              synchronize: false,
              logging: ['error' as const, 'warn' as const, 'migration' as const],
              extra: {
                max: config.get('DATABASE_POOL_SIZE'),
                application_name: `countersign-${options.schema}`,
              },
            };
          },
          dataSourceFactory: async (dataSourceOptions?: DataSourceOptions) => {
            if (dataSourceOptions?.type !== 'postgres')
              throw new Error(`no database options for schema ${options.schema}`);
            const dataSource = await new DataSource(dataSourceOptions).initialize();
            try {
              await runMigrationsExclusively(dataSource, options.schema, String(dataSourceOptions.url));
            } catch (error) {
              // TypeOrmModule retries start-up with a new data source: this one's pool must not linger.
              await dataSource.destroy().catch(() => undefined);
              throw error;
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
