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
       created_at   timestamptz NOT NULL DEFAULT now()
     )`,
  ];
}

/**
 * Drops the outbox's `published_at`, from when the relay marked rows published and deleted them a day later; it now
 * deletes them in the batch's transaction, so every row in the table is unpublished. Rows still marked published are
 * deleted first (they were sent). Conditional, because createOutboxTableSql no longer makes the column: a database
 * created since has nothing to drop.
 */
export function dropOutboxPublishedAtSql(schema: string): string[] {
  const literal = schema.replace(/'/g, "''");
  return [
    `DO $$ BEGIN
       IF EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = '${literal}' AND table_name = 'outbox' AND column_name = 'published_at') THEN
         DELETE FROM "${schema}".outbox WHERE published_at IS NOT NULL;
         DROP INDEX IF EXISTS "${schema}".outbox_unpublished;
         ALTER TABLE "${schema}".outbox DROP COLUMN published_at;
       END IF;
     END $$`,
  ];
}

export function dropOutboxTableSql(schema: string): string[] {
  return [`DROP TABLE "${schema}".outbox`];
}
