import { Client } from 'pg';
import { BenchInfrastructure } from './bench-options';
import { progress } from './progress';

/** The bench's own database (countersign_bench unless named), dropped and created at the start of every run. */
export class BenchDatabase {
  readonly url: string;

  constructor(
    serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    readonly name: string = BenchInfrastructure.database,
  ) {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    this.url = url.toString();
  }

  /** Drops and creates the database; the router migrates it and seeds its policies when it starts. */
  async recreate(quiet = false): Promise<void> {
    const admin = new URL(this.url);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${this.name}"`);
    } finally {
      await client.end();
    }
    if (!quiet) progress(`database ${this.name} dropped and created (${admin.host})`);
  }
}
