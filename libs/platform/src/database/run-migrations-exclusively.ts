import { DataSource } from 'typeorm';

/**
 * Runs a data source's pending migrations while holding a session advisory lock named after its schema, so replicas
 * starting together run them one after the other: the first applies them, the others find nothing left to do.
 */
export async function runMigrationsExclusively(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const lock = `countersign-migrations:${schema}`;
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
    }
  } finally {
    await runner.release();
  }
}
