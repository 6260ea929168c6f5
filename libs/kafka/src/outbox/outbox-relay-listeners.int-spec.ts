import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { createOutboxTableSql } from './outbox-table';

// Fault injected: another replica holds the relay's lock, so every leadership attempt fails. Each attempt checks a
// pooled connection out and back in; it must not leave an `error` listener on it (it used to add one per attempt,
// a leak of one listener a second until Node warned and memory grew).
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const schema = `outbox_listen_${randomUUID().slice(0, 8)}`;

describe('OutboxRelay as a follower', () => {
  const kafka = new Kafka({ clientId: 'outbox-listeners-int', brokers, logLevel: logLevel.NOTHING });
  // One pooled connection: every attempt of the relay gets the same client back, so a leak would accumulate on it.
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 1 } });
  const holder = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  const outbox = new Outbox(schema);

  beforeAll(async () => {
    await Promise.all([dataSource.initialize(), holder.initialize()]);
    await holder.query(`CREATE SCHEMA "${schema}"`);
    for (const statement of createOutboxTableSql(schema)) await holder.query(statement);
  });

  afterAll(async () => {
    await holder.query(`DROP SCHEMA "${schema}" CASCADE`);
    await Promise.all([dataSource.destroy(), holder.destroy()]);
  });

  it('removes the error listener of every failed leadership attempt', async () => {
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    const errorListeners = async () => {
      const client = await pool.connect();
      const count = client.listenerCount('error');
      client.release();
      return count;
    };
    const before = await errorListeners();

    // The lock held by "another replica" for the whole test.
    const runner = holder.createQueryRunner();
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`${outbox.table}:relay`]);
    const relay = new OutboxRelay(kafka, dataSource, outbox, { pollIntervalMs: 10, leadershipRetryMs: 10 });
    // Counts the relay's checkouts: each leadership attempt takes one.
    let checkouts = 0;
    const connect = pool.connect.bind(pool);
    pool.connect = (() => {
      checkouts++;
      return connect();
    }) as typeof pool.connect;
    try {
      await relay.start();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      await relay.stop();
      await runner.query('SELECT pg_advisory_unlock_all()');
      await runner.release();
      pool.connect = connect as typeof pool.connect;
    }
    // The relay did try, many times (it follows every 10 ms), and the one client it used carries no extra listener.
    expect(checkouts).toBeGreaterThan(20);
    expect(await errorListeners()).toBe(before);
  });
});
