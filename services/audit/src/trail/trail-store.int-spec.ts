import { anAuditEvent } from '@countersign/contracts/testing';
import { ensureSchema } from '@countersign/platform';
import { readInfrastructure } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { auditMigrations } from '../database/migrations';
import { chainOf, GENESIS_HASH, verifyChain } from '../domain/hash-chain';
import { TrailStore } from './trail-store';

// The trail store against real Postgres: many transactions appending to the same chain at once, with overlapping
// events, leave one gapless, verifiable chain holding every event exactly once. Without the per-chain lock they
// would read the same head and collide on (chain, seq) or fork it.

const CHAINS = 8;
const WRITERS = 30;
const EVENTS_PER_WRITER = 20;

describe('trail store: concurrent appends', () => {
  const { databaseUrl } = readInfrastructure();
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    schema: 'audit',
    migrations: auditMigrations,
    migrationsTableName: 'migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    extra: { max: 10 },
  });
  const store = new TrailStore(dataSource);

  beforeAll(async () => {
    await ensureSchema(databaseUrl, 'audit');
    await dataSource.initialize();
    await store.ensureChains(CHAINS);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('never forks a chain or stores an event twice', async () => {
    const runId = randomUUID().slice(0, 8);
    // Decision ids that all land in one chain, so every writer contends for the same head.
    const target = chainOf(`${runId}-0`, CHAINS);
    const decisionIds: string[] = [];
    for (let i = 0; decisionIds.length < 50; i += 1) {
      if (chainOf(`${runId}-${i}`, CHAINS) === target) decisionIds.push(`${runId}-${i}`);
    }
    const events = Array.from({ length: WRITERS * EVENTS_PER_WRITER }, (_, index) =>
      anAuditEvent({ eventId: randomUUID(), decisionId: decisionIds[index % decisionIds.length] }),
    );
    const [before] = await store.heads(target);

    // Each writer appends its own slice plus the first events of the next writer's: a redelivery racing the original.
    const stored = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) => {
        const mine = events.slice(writer * EVENTS_PER_WRITER, (writer + 1) * EVENTS_PER_WRITER);
        const overlap = events.slice((writer + 1) * EVENTS_PER_WRITER, (writer + 1) * EVENTS_PER_WRITER + 5);
        return dataSource.transaction((manager) => store.append(manager, [...mine, ...overlap], CHAINS));
      }),
    );

    expect(stored.flat()).toHaveLength(events.length);
    expect(new Set(stored.flat().map((event) => event.eventId)).size).toBe(events.length);
    const [after] = await store.heads(target);
    expect(after.seq - before.seq).toBe(events.length);
    const records = await store.range(target, 1, after.seq);
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: after.seq }, (_, i) => i + 1));
    expect(verifyChain({ chain: target, seq: 0, hash: GENESIS_HASH }, records, after)).toMatchObject({ ok: true });
  });
});
