import { randomUUID } from 'node:crypto';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { runMigrationsExclusively } from './run-migrations-exclusively';

// Replicas starting together on a new database: each runs the same migrations at once. Without the lock both see the
// migration as pending and the second CREATE TABLE fails (or the migrations table gets two rows).
const schema = `migrations_int_${randomUUID().slice(0, 8)}`;

class CreateThings1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "${schema}".things (id int PRIMARY KEY)`);
    // Long enough for the other replica to get to the same point without the lock.
    await runner.query('SELECT pg_sleep(0.3)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${schema}".things`);
  }
}

describe('runMigrationsExclusively', () => {
  const replica = () =>
    new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema,
      migrations: [CreateThings1700000000000],
      migrationsTableName: 'migrations',
    });
  const replicas = [replica(), replica(), replica()];

  beforeAll(async () => {
    await Promise.all(replicas.map((dataSource) => dataSource.initialize()));
    await replicas[0].query(`CREATE SCHEMA "${schema}"`);
  });

  afterAll(async () => {
    await replicas[0].query(`DROP SCHEMA "${schema}" CASCADE`);
    await Promise.all(replicas.map((dataSource) => dataSource.destroy()));
  });

  it('lets three replicas that start together apply each migration once, none failing', async () => {
    await Promise.all(
      replicas.map((dataSource) => runMigrationsExclusively(dataSource, schema, String(process.env.DATABASE_URL))),
    );

    const applied = await replicas[0].query(`SELECT name FROM "${schema}".migrations`);
    expect(applied).toEqual([{ name: 'CreateThings1700000000000' }]);
  });
});
