import { Client } from 'pg';
import { DataSource } from 'typeorm';

/**
 * Runs a data source's pending migrations while holding a session advisory lock named after its schema, so replicas
 * starting together run them one after the other: the first applies them, the others find nothing left to do. The
 * lock is held on a connection of its own, outside the pool, which the migrations need whole (a pool of 2 would
 * otherwise wait for itself).
 */
export async function runMigrationsExclusively(
  dataSource: DataSource,
  schema: string,
  databaseUrl: string,
): Promise<void> {
  const lockConnection = new Client({
    connectionString: databaseUrl,
    application_name: `countersign-${schema}-migrations`,
  });
  // Without a listener, the server closing this connection would crash the process.
  lockConnection.on('error', () => undefined);
  await lockConnection.connect();
  try {
    await lockConnection.query('SELECT pg_advisory_lock(hashtext($1))', [`countersign-migrations:${schema}`]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    // Ending the session releases the lock, whatever happened.
    await lockConnection.end().catch(() => undefined);
  }
}
