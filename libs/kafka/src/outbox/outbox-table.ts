/**
 * The outbox table a service keeps in its own schema. A state change and the events it publishes are written in one
 * database transaction; the relay publishes them afterwards. Used from each service's migrations.
 */
export function createOutboxTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".outbox (
       id           bigserial   PRIMARY KEY,
       topic        text        NOT NULL,
       key          text,
       value        bytea       NOT NULL,
       headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
       created_at   timestamptz NOT NULL DEFAULT now(),
       published_at timestamptz
     )`,
    `CREATE INDEX outbox_unpublished ON "${schema}".outbox (id) WHERE published_at IS NULL`,
  ];
}

export function dropOutboxTableSql(schema: string): string[] {
  return [`DROP TABLE "${schema}".outbox`];
}
