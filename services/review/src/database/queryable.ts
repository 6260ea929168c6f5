/**
 * Whatever runs one SQL statement and returns its rows: TypeORM's entity manager (a transaction's, or the data
 * source's for a statement in its own transaction) on cold paths, `PreparedStatements` or one of its transactions on
 * the hot path. Store methods that serve both take this, so the SQL is written once.
 */
export interface Queryable {
  query<Row>(text: string, values: unknown[]): Promise<Row[]>;
}
