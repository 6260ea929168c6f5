import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { aDecision } from '@countersign/contracts/testing';
import { KafkaProbe, readInfrastructure, repoRoot, ServiceProcess } from '@countersign/testing';
import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { checkpointSignatureValid, signCheckpoint, SignedCheckpoint } from '../domain/checkpoint';
import { ChainHead, GENESIS_HASH, TrailRecord, verifyChain } from '../domain/hash-chain';

// Tamper evidence against the running audit service and its real Postgres: the database refuses UPDATE, DELETE and
// TRUNCATE on the trail; and when someone with the power to bypass the triggers (session_replication_role = replica)
// alters, deletes or reorders one stored record, both the verify API and the CLI name that record. Each tampering
// is undone before the next, and the trail verifies clean again afterwards.

const run = promisify(execFile);
const PORT = 24113;
const DECISIONS = 120;
const runId = `tamper-${Date.now().toString(36)}`;

interface StoredRow {
  chain: number;
  seq: string;
  event_id: string;
  type: string;
  decision_id: string | null;
  workflow: string | null;
  occurred_at: Date;
  event: object;
  prev_hash: string;
  hash: string;
  recorded_at: Date;
}

describe('audit trail: tamper evidence', () => {
  const infrastructure = readInfrastructure();
  const audit = new ServiceProcess('audit', PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'audit-tamper-0',
    LOG_LEVEL: 'warn',
    AUDIT_CHAINS: '8',
    AUDIT_CHECKPOINT_EVERY_MS: '0',
    AUDIT_REPORT_CRON: '',
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const db = new Client({ connectionString: infrastructure.databaseUrl });
  let lead = '';
  /** A chain with at least 10 records, and its length. */
  let chain = 0;
  let head = 0;

  beforeAll(async () => {
    await db.connect();
    lead = await mintDevelopmentToken({ sub: 'auditor', roles: ['admin'], workflows: ['*'] }, DEVELOPMENT_HS256_SECRET);
    await audit.start();
    const decisions = Array.from({ length: DECISIONS }, (_, index) => aDecision({ id: `${runId}-${index}` }));
    await kafka.sendMany(
      Topics.decisions,
      decisions.map((decision) => ({ key: decision.id, value: JSON.stringify(decision) })),
    );
    const deadline = Date.now() + 60_000;
    while (
      (await count(`SELECT count(*) AS n FROM audit.trail WHERE decision_id LIKE $1`, [`${runId}-%`])) < DECISIONS
    ) {
      if (Date.now() > deadline) throw new Error('the audit service did not record the decisions in time');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await untilTrailIsQuiet();
    const [longest] = (await db.query('SELECT chain, seq::int AS seq FROM audit.chain_heads ORDER BY seq DESC LIMIT 1'))
      .rows as Array<{ chain: number; seq: number }>;
    ({ chain, seq: head } = longest);
    expect(head).toBeGreaterThanOrEqual(10);
  }, 300_000);

  afterAll(async () => {
    await audit.stop();
    await kafka.close();
    await db.end();
  });

  /**
   * Waits until the trail stops growing: the service also catches up on every event earlier tests of the run left on
   * the shared topics, and a chain that grows while it is tampered with changes what verify must report.
   */
  async function untilTrailIsQuiet(quietMs = 4_000, timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = -1;
    let since = Date.now();
    for (;;) {
      const now = await count('SELECT count(*) AS n FROM audit.trail', []);
      if (now !== last) [last, since] = [now, Date.now()];
      else if (Date.now() - since >= quietMs) return;
      if (Date.now() > deadline) throw new Error(`the trail still grows after ${timeoutMs} ms (${now} records)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function count(sql: string, params: unknown[]): Promise<number> {
    return Number((await db.query(sql, params)).rows[0].n);
  }

  async function verify(query = ''): Promise<any> {
    const response = await fetch(`${audit.baseUrl}/api/v1/trail/verify${query}`, {
      headers: { authorization: `Bearer ${lead}` },
    });
    expect(response.status).toBe(200);
    return response.json();
  }

  async function row(seq: number): Promise<StoredRow> {
    return (await db.query('SELECT * FROM audit.trail WHERE chain = $1 AND seq = $2', [chain, seq])).rows[0];
  }

  /** Runs SQL the way an intruder with superuser rights would: triggers bypassed. */
  async function asIntruder(statements: Array<[string, unknown[]]>): Promise<void> {
    await db.query('BEGIN');
    await db.query('SET LOCAL session_replication_role = replica');
    for (const [sql, params] of statements) await db.query(sql, params);
    await db.query('COMMIT');
  }

  async function reinsert(stored: StoredRow): Promise<void> {
    await asIntruder([
      [
        `INSERT INTO audit.trail (chain, seq, event_id, type, decision_id, workflow, occurred_at, event, prev_hash, hash,
                                  recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          stored.chain,
          stored.seq,
          stored.event_id,
          stored.type,
          stored.decision_id,
          stored.workflow,
          stored.occurred_at,
          JSON.stringify(stored.event),
          stored.prev_hash,
          stored.hash,
          stored.recorded_at,
        ],
      ],
    ]);
  }

  it('verifies clean before anyone tampers', async () => {
    // At least this service's 8 chains: another spec's audit service (16 by default) may have written the shared test
    // database's other chains first, as jest's order allows; those must verify clean too.
    const clean = await verify();
    expect(clean).toMatchObject({ ok: true });
    expect(clean.chains).toBeGreaterThanOrEqual(8);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    for (const sql of [
      `UPDATE audit.trail SET type = 'policy.changed' WHERE chain = ${chain} AND seq = 1`,
      `DELETE FROM audit.trail WHERE chain = ${chain} AND seq = 1`,
      'TRUNCATE audit.trail',
    ]) {
      await expect(db.query(sql)).rejects.toThrow(/append-only/);
    }
  });

  it('names a record altered in place', async () => {
    const target = Math.floor(head / 2);
    const original = await row(target);
    await asIntruder([
      [
        `UPDATE audit.trail SET event = jsonb_set(event, '{actor}', '"mallory"') WHERE chain = $1 AND seq = $2`,
        [chain, target],
      ],
    ]);
    expect(await verify()).toMatchObject({
      ok: false,
      broken: { chain, seq: target, eventId: original.event_id, problem: 'altered' },
    });
    // The CLI, reading Postgres directly, names the same record and exits 1.
    const cli = await run(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(repoRoot, 'services/audit/src/cli/verify-trail.ts'), '--chain', String(chain)],
      { env: { ...process.env, DATABASE_URL: infrastructure.databaseUrl }, cwd: repoRoot },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout)).toMatchObject({ broken: { chain, seq: target, eventId: original.event_id } });

    await asIntruder([
      ['UPDATE audit.trail SET event = $3 WHERE chain = $1 AND seq = $2', [chain, target, original.event]],
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names a record deleted from the middle of a chain, and one deleted from its end', async () => {
    const target = Math.floor(head / 3);
    const original = await row(target);
    await asIntruder([['DELETE FROM audit.trail WHERE chain = $1 AND seq = $2', [chain, target]]]);
    expect(await verify()).toMatchObject({ ok: false, broken: { chain, seq: target, problem: 'gap' } });
    // A range that starts after the hole still sees it: the record before the range is missing.
    expect(await verify(`?chain=${chain}&fromSeq=${target + 1}`)).toMatchObject({
      ok: false,
      broken: { chain, seq: target, problem: 'gap' },
    });
    await reinsert(original);

    const last = await row(head);
    await asIntruder([['DELETE FROM audit.trail WHERE chain = $1 AND seq = $2', [chain, head]]]);
    expect(await verify()).toMatchObject({ ok: false, broken: { chain, seq: head, problem: 'truncated' } });
    await reinsert(last);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names the first of two records swapped in order', async () => {
    const first = Math.floor(head / 2) - 1;
    await asIntruder([
      ['UPDATE audit.trail SET seq = -1 WHERE chain = $1 AND seq = $2', [chain, first]],
      ['UPDATE audit.trail SET seq = $2 WHERE chain = $1 AND seq = $3', [chain, first, first + 1]],
      ['UPDATE audit.trail SET seq = $2 WHERE chain = $1 AND seq = -1', [chain, first + 1]],
    ]);
    const moved = await row(first);
    expect(await verify()).toMatchObject({
      ok: false,
      broken: { chain, seq: first, eventId: moved.event_id, problem: 'altered' },
    });
    await asIntruder([
      ['UPDATE audit.trail SET seq = -1 WHERE chain = $1 AND seq = $2', [chain, first]],
      ['UPDATE audit.trail SET seq = $2 WHERE chain = $1 AND seq = $3', [chain, first, first + 1]],
      ['UPDATE audit.trail SET seq = $2 WHERE chain = $1 AND seq = -1', [chain, first + 1]],
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('publishes signed checkpoints that notice a chain rewritten behind them', async () => {
    const headers = { authorization: `Bearer ${lead}` };
    const issued = await fetch(`${audit.baseUrl}/api/v1/trail/checkpoints`, { method: 'POST', headers });
    expect(issued.status).toBe(201);
    const checkpoint = (await issued.json()) as { checkpointId: string };
    await kafka.watch([Topics.auditCheckpoints]);
    const [published] = await kafka.waitFor((record) => record.key === checkpoint.checkpointId, 1);
    expect(JSON.parse(published.value?.toString() ?? '{}')).toEqual(checkpoint);

    // The verifier's only input besides the checkpoint: the public key, fetched without any credentials.
    const exported = (await (await fetch(`${audit.baseUrl}/api/v1/trail/checkpoints/public-key`)).json()) as {
      algorithm: string;
      keyId: string;
      publicKeyPem: string;
    };
    expect(exported).toMatchObject({ algorithm: 'Ed25519', keyId: (checkpoint as unknown as SignedCheckpoint).keyId });
    const publicKey = createPublicKey(exported.publicKeyPem);
    const {
      schemaVersion: _v,
      algorithm,
      ...signedBody
    } = checkpoint as unknown as SignedCheckpoint & {
      schemaVersion: 1;
      algorithm: string;
    };
    expect(algorithm).toBe('Ed25519');
    expect(checkpointSignatureValid(signedBody, publicKey)).toBe(true);
    const forged = signCheckpoint(signedBody, generateKeyPairSync('ed25519').privateKey);
    expect(checkpointSignatureValid(forged, publicKey)).toBe(false);

    // An outside party holding the checkpoint and the key recomputes a chain from the records the service hands out.
    const signed = (checkpoint as unknown as { heads: ChainHead[] }).heads.find((h) => h.chain === chain) as ChainHead;
    // A page at a time: the chain holds every event the run's earlier tests left on the topics too.
    const records: TrailRecord[] = [];
    while (records.length < signed.seq) {
      const url = `${audit.baseUrl}/api/v1/trail/chains/${chain}/records?fromSeq=${records.length + 1}&limit=5000`;
      const page = (await (await fetch(url, { headers })).json()) as TrailRecord[];
      if (page.length === 0) break;
      records.push(...page);
    }
    expect(verifyChain({ chain, seq: 0, hash: GENESIS_HASH }, records.slice(0, signed.seq), signed)).toMatchObject({
      ok: true,
      head: signed,
    });

    const target = head;
    const original = await row(target);
    await asIntruder([
      ['UPDATE audit.trail SET hash = $3 WHERE chain = $1 AND seq = $2', [chain, target, 'f'.repeat(64)]],
    ]);
    const latest = (await (await fetch(`${audit.baseUrl}/api/v1/trail/checkpoints/latest`, { headers })).json()) as any;
    expect(latest.check).toEqual({
      checkpointId: checkpoint.checkpointId,
      signatureValid: true,
      divergedChains: [chain],
    });
    await asIntruder([
      ['UPDATE audit.trail SET hash = $3 WHERE chain = $1 AND seq = $2', [chain, target, original.hash]],
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
