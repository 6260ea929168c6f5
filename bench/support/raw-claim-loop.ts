import { Client } from 'pg';
import { nowMs } from './output-watch';
import { DrainRun, newDrainRun } from './reviewer-pool';

/**
 * The baseline: the least a task queue on Postgres must do per task, written by hand — claim the first open task in
 * queue order with `FOR UPDATE SKIP LOCKED` and mark it claimed (one transaction), then mark it completed (a second
 * statement). It runs on a copy of the same rows (same table definition, indexes and documents as review.tasks), in
 * the same database, with as many connections as the API run has reviewers.
 */
export class RawClaimLoop {
  constructor(private readonly databaseUrl: string) {}

  /** Copies the open tasks of `workflow` from review.tasks into bench_raw.tasks (emptied first). */
  async prepare(workflow: string): Promise<number> {
    return this.withClient(async (client) => {
      await client.query('CREATE SCHEMA IF NOT EXISTS bench_raw');
      await client.query('CREATE TABLE IF NOT EXISTS bench_raw.tasks (LIKE review.tasks INCLUDING ALL)');
      await client.query('TRUNCATE bench_raw.tasks');
      const copied = await client.query(
        "INSERT INTO bench_raw.tasks SELECT * FROM review.tasks WHERE workflow = $1 AND state = 'open'",
        [workflow],
      );
      await client.query('ANALYZE bench_raw.tasks');
      return copied.rowCount ?? 0;
    });
  }

  async drain(workers: number): Promise<DrainRun> {
    const run = newDrainRun();
    const clients = await Promise.all(
      Array.from({ length: workers }, async () => {
        const client = new Client({ connectionString: this.databaseUrl });
        await client.connect();
        return client;
      }),
    );
    try {
      const started = nowMs();
      await Promise.all(clients.map((client, index) => this.worker(client, `raw-reviewer-${index}`, run)));
      run.elapsedMs = nowMs() - started;
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    return run;
  }

  private async worker(client: Client, reviewer: string, run: DrainRun): Promise<void> {
    for (;;) {
      let started = nowMs();
      await client.query('BEGIN');
      const picked = await client.query<{ id: string; doc: Record<string, unknown> }>(
        `SELECT id, doc FROM bench_raw.tasks WHERE state = 'open'
          ORDER BY due_at, error_cost DESC NULLS LAST, created_at, id
          LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      const task = picked.rows[0];
      if (!task) {
        await client.query('COMMIT');
        return;
      }
      const leaseExpiresAt = new Date(Date.now() + 300_000).toISOString();
      const claimed = { ...task.doc, state: 'claimed', lease: { holder: reviewer, expiresAt: leaseExpiresAt } };
      await client.query(
        `UPDATE bench_raw.tasks SET state = 'claimed', lease_holder = $2, lease_expires_at = $3, doc = $4,
                version = version + 1, updated_at = now() WHERE id = $1`,
        [task.id, reviewer, leaseExpiresAt, JSON.stringify(claimed)],
      );
      await client.query('COMMIT');
      run.nextMs.push(nowMs() - started);

      started = nowMs();
      const completed = { ...claimed, state: 'completed', lease: null, verdict: 'approve' };
      const updated = await client.query(
        `UPDATE bench_raw.tasks SET state = 'completed', lease_holder = NULL, lease_expires_at = NULL, doc = $3,
                version = version + 1, updated_at = now() WHERE id = $1 AND lease_holder = $2`,
        [task.id, reviewer, JSON.stringify(completed)],
      );
      run.completeMs.push(nowMs() - started);
      if (updated.rowCount === 1) run.pairs += 1;
      else run.failures['complete lost'] = (run.failures['complete lost'] ?? 0) + 1;
    }
  }

  private async withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}
