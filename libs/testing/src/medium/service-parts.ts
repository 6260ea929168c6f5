import { ModuleMetadata, Provider } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { PlatformConfigModule, ServiceDatabaseModule, ServiceDatabaseOptions } from '@countersign/platform';

export interface ServiceParts<E extends object> {
  /** The service's environment class: its defaults apply, with `env` on top. */
  environment: new () => E;
  env?: Record<string, string>;
  database: ServiceDatabaseOptions;
  /** The classes under test and the real parts they need (stores, the outbox); anything else as a stand-in. */
  providers: Provider[];
  imports?: ModuleMetadata['imports'];
}

/**
 * The middle test tier (after immich's server/test/medium): a service's application classes in-process, on its real
 * migrated schema in the medium database, with the parts a spec chooses real — no process, no broker, no sleeps.
 * Close the returned module after the spec (it holds a connection pool).
 */
export async function serviceParts<E extends object>(parts: ServiceParts<E>): Promise<TestingModule> {
  const databaseUrl = process.env.MEDIUM_DATABASE_URL;
  if (!databaseUrl) throw new Error('MEDIUM_DATABASE_URL is not set: run medium specs with jest.medium.config.js');
  const module = await Test.createTestingModule({
    imports: [
      PlatformConfigModule.forValues(parts.environment, {
        // Tests run in development mode (the public development secrets), as the whole-process tests do.
        COUNTERSIGN_DEVELOPMENT: 'true',
        ...parts.env,
        DATABASE_URL: databaseUrl,
      }),
      ServiceDatabaseModule.forRoot(parts.database),
      ...(parts.imports ?? []),
    ],
    providers: parts.providers,
  }).compile();
  await module.init();
  return module;
}
