import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Queryable } from './queryable';

/**
 * SQL on node-postgres directly, as named prepared statements, for the review service's hottest path (claim the next
 * task, complete it). Profiles of that path showed the time going to overhead rather than work: node-postgres sends
 * unnamed statements, so Postgres parsed and planned every one anew, and TypeORM added a QueryRunner, its broadcaster
 * and its logging to every query. A named statement is parsed once per connection, and once Postgres finds its generic
 * plan as good as a custom one (lookups by id) it is planned once too; for the queue query Postgres's default
 * (plan_cache_mode auto) has kept planning per call, its generic plan being estimated costlier. Cold queries stay on
 * TypeORM.
 *
 * The connections come from the pool TypeORM opened, not a second one, so DATABASE_POOL_SIZE still bounds them all.
 * Only for fixed SQL texts (or a few variants): each distinct text is prepared once on every connection it runs on and
 * stays there for the connection's life.
 */
@Injectable()
export class PreparedStatements implements Queryable {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One statement in its own transaction (autocommit). */
  async query<Row>(text: string, values: unknown[]): Promise<Row[]> {
    const connection = await this.checkOut();
    try {
      return await connection.query<Row>(text, values);
    } finally {
      connection.release();
    }
  }

  /** Runs `work` in one transaction on one connection: committed if it returns, rolled back if anything throws. */
  async transaction<T>(work: (session: Queryable) => Promise<T>): Promise<T> {
    const connection = await this.checkOut();
    try {
      await connection.query('BEGIN', []);
      const result = await work(connection);
      await connection.query('COMMIT', []);
      return result;
    } catch (error) {
      await connection.rollback();
      throw error;
    } finally {
      connection.release();
    }
  }

  private async checkOut(): Promise<CheckedOutConnection> {
    // TypeORM's Postgres driver keeps node-postgres's Pool as `master` (untyped there) once the data source is up.
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
    if (!pool) throw new Error('the database is not connected yet');
    return new CheckedOutConnection(await pool.connect());
  }
}

/** One connection out of the pool until released; released broken (so the pool destroys it) if it failed under us. */
class CheckedOutConnection implements Queryable {
  private failure?: Error;
  // The pool listens for errors only on idle connections; a checked-out one that fails with nobody listening would
  // take the process down.
  private readonly onError = (error: Error): void => {
    this.failure = error;
  };

  constructor(private readonly client: PoolClient) {
    client.on('error', this.onError);
  }

  async query<Row>(text: string, values: unknown[]): Promise<Row[]> {
    const result = await this.client.query({ name: statementName(text), text, values });
    return result.rows as Row[];
  }

  /** Ends a failed transaction. A ROLLBACK that fails leaves the connection in an unknown state: it is not reused. */
  async rollback(): Promise<void> {
    try {
      await this.client.query('ROLLBACK');
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    }
  }

  release(): void {
    this.client.off('error', this.onError);
    this.client.release(this.failure);
  }
}

/**
 * A statement's name is its text's hash: the same for every call with that text, and different for every other text
 * (node-postgres refuses a name reused for a different text). saveTransition's text, for one, varies with the number
 * of outbox records: each variant is its own statement.
 */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `review_${createHash('sha1').update(text).digest('hex')}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Hashing the text on every call cost more than the hash is worth; the hot path has a handful of distinct texts. */
const statementNames = new Map<string, string>();
