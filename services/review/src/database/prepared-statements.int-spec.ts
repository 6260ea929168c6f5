import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PreparedStatements } from './prepared-statements';

// PreparedStatements against the real Postgres, on a pool of one connection shared with TypeORM: a connection left
// checked out or inside a transaction would make the next statement wait forever or see the wrong state.
const schema = `prepared_int_${randomUUID().slice(0, 8)}`;
const table = `"${schema}".items`;
const applicationName = `prepared-int-${schema}`;

describe('PreparedStatements', () => {
  const dataSource = new DataSource({
    type: 'postgres',
    url: process.env.DATABASE_URL,
    extra: { max: 1, application_name: applicationName },
  });
  const prepared = new PreparedStatements(dataSource);
  const backend = async () => (await prepared.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', []))[0].pid;
  const items = async () =>
    (await prepared.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`, [])).map((row) => row.id);

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  beforeEach(() => dataSource.query(`TRUNCATE ${table}`));

  it('prepares a statement once per connection and runs it again by name', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    expect(await prepared.query(text, [1])).toEqual([{ n: 2 }]);
    expect(await prepared.query(text, [41])).toEqual([{ n: 42 }]);
    const statements = await prepared.query<{ name: string }>(
      'SELECT name FROM pg_prepared_statements WHERE statement = $1',
      [text],
    );
    expect(statements).toEqual([{ name: expect.stringMatching(/^review_[0-9a-f]{40}$/) }]);
  });

  it("shares TypeORM's pool: the pool's size bounds both", async () => {
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        index % 2 ? prepared.query('SELECT pg_sleep(0.01)', []) : dataSource.query('SELECT pg_sleep(0.01)'),
      ),
    );
    const observer = new Client({ connectionString: process.env.DATABASE_URL });
    await observer.connect();
    try {
      const { rows } = await observer.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await observer.end();
    }
  });

  it('commits the work of a transaction that returns', async () => {
    const result = await prepared.transaction(async (transaction) => {
      await transaction.query(`INSERT INTO ${table} (id) VALUES ($1)`, [1]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await items()).toEqual([1]);
  });

  it('rolls back a transaction whose work throws, rethrows, and hands the connection back usable', async () => {
    const before = await backend();
    const failure = new Error('refused by the domain');
    await expect(
      prepared.transaction(async (transaction) => {
        await transaction.query(`INSERT INTO ${table} (id) VALUES ($1)`, [1]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await items()).toEqual([]);
    expect(await backend()).toBe(before);
  });

  it('rolls back a transaction whose statement fails, with the database error', async () => {
    await prepared.query(`INSERT INTO ${table} (id) VALUES ($1)`, [1]);
    await expect(
      prepared.transaction(async (transaction) => {
        await transaction.query(`INSERT INTO ${table} (id) VALUES ($1)`, [2]);
        await transaction.query(`INSERT INTO ${table} (id) VALUES ($1)`, [1]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await items()).toEqual([1]);
  });

  it('destroys a connection that broke mid-transaction instead of returning it to the pool', async () => {
    const killer = new Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    let victim = 0;
    try {
      await expect(
        prepared.transaction(async (transaction) => {
          victim = (await transaction.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', []))[0].pid;
          await transaction.query(`INSERT INTO ${table} (id) VALUES ($1)`, [1]);
          await killer.query('SELECT pg_terminate_backend($1)', [victim]);
          await new Promise((resolve) => setTimeout(resolve, 100));
          await transaction.query(`INSERT INTO ${table} (id) VALUES ($1)`, [2]);
        }),
      ).rejects.toThrow();
    } finally {
      await killer.end();
    }
    expect(await backend()).not.toBe(victim);
    expect(await items()).toEqual([]);
  });
});
