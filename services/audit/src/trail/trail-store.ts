import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventV1 } from '@countersign/contracts';
import { currentTraceId } from '@countersign/kafka';
import { appendToChain, chainOf, ChainHead, GENESIS_HASH, TrailRecord } from '../domain/hash-chain';

interface TrailRow {
  chain: number;
  seq: string;
  event_id: string;
  event: AuditEventV1;
  prev_hash: string;
  hash: string;
}

/** A trail record with the trace id of the work that produced its event (not hashed; null before it was kept). */
export type TracedTrailRecord = TrailRecord & { traceId: string | null };

export function toTrailRecord(row: TrailRow): TrailRecord {
  return {
    chain: row.chain,
    seq: Number(row.seq),
    eventId: row.event_id,
    event: row.event,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The chain an event belongs to: its decision's, else its workflow's (policy events), else its own. */
export function chainKeyOf(event: AuditEventV1): string {
  return event.decisionId ?? (event.workflow === undefined ? event.eventId : `workflow:${event.workflow}`);
}

/**
 * The append-only trail. Appends lock the heads of the chains they touch (in chain order, so concurrent batches
 * cannot deadlock) for the rest of the caller's transaction: a chain grows one batch at a time and never forks.
 * Every event id is stored once; since an event's chain follows from the event, a duplicate is always looked for
 * under the same lock that would let it in.
 */
@Injectable()
export class TrailStore {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async ensureChains(chains: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit.chain_heads (chain, seq, hash)
       SELECT n, 0, $2 FROM generate_series(0, $1::int - 1) AS n ON CONFLICT (chain) DO NOTHING`,
      [chains, GENESIS_HASH],
    );
  }

  /** Appends the events not stored yet, in order, and returns those it stored. */
  async append(manager: EntityManager, events: readonly AuditEventV1[], chains: number): Promise<AuditEventV1[]> {
    if (events.length === 0) return [];
    const unique = [...new Map(events.map((event) => [event.eventId, event])).values()];
    const byChain = new Map<number, AuditEventV1[]>();
    for (const event of unique) {
      const chain = chainOf(chainKeyOf(event), chains);
      byChain.set(chain, [...(byChain.get(chain) ?? []), event]);
    }
    const heads: Array<{ chain: number; seq: string; hash: string }> = await manager.query(
      'SELECT chain, seq, hash FROM audit.chain_heads WHERE chain = ANY($1::int[]) ORDER BY chain FOR UPDATE',
      [[...byChain.keys()]],
    );
    const known = new Set(
      (
        await manager.query('SELECT event_id FROM audit.trail WHERE event_id = ANY($1::uuid[])', [
          unique.map((event) => event.eventId),
        ])
      ).map((row: { event_id: string }) => row.event_id),
    );
    const stored: AuditEventV1[] = [];
    for (const head of heads) {
      const fresh = (byChain.get(head.chain) ?? []).filter((event) => !known.has(event.eventId));
      if (fresh.length === 0) continue;
      const start: ChainHead = { chain: head.chain, seq: Number(head.seq), hash: head.hash };
      const records = appendToChain(
        start,
        fresh.map((event) => ({ eventId: event.eventId, event })),
      );
      await this.insert(manager, records);
      const last = records[records.length - 1];
      await manager.query('UPDATE audit.chain_heads SET seq = $2, hash = $3 WHERE chain = $1', [
        head.chain,
        last.seq,
        last.hash,
      ]);
      stored.push(...fresh);
    }
    return stored;
  }

  private async insert(manager: EntityManager, records: TrailRecord[]): Promise<void> {
    const values: unknown[] = [];
    const rows = records.map((record) => {
      const event = record.event as AuditEventV1;
      const base = values.length;
      values.push(
        record.chain,
        record.seq,
        record.eventId,
        event.type,
        event.decisionId ?? null,
        event.workflow ?? null,
        event.occurredAt,
        JSON.stringify(event),
        record.prevHash,
        record.hash,
        // The trace of the record the event came in (or was derived from), by the key it is published under.
        currentTraceId(event.decisionId ?? event.workflow ?? event.eventId) ?? null,
      );
      return `(${Array.from({ length: 11 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await manager.query(
      `INSERT INTO audit.trail (chain, seq, event_id, type, decision_id, workflow, occurred_at, event, prev_hash, hash,
                                trace_id)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }

  async heads(chain?: number): Promise<ChainHead[]> {
    const rows: Array<{ chain: number; seq: string; hash: string }> = await this.dataSource.query(
      `SELECT chain, seq, hash FROM audit.chain_heads WHERE $1::int IS NULL OR chain = $1 ORDER BY chain`,
      [chain ?? null],
    );
    return rows.map((row) => ({ chain: row.chain, seq: Number(row.seq), hash: row.hash }));
  }

  /** Records of one chain with seq in [fromSeq, toSeq], ascending; what is stored, tampered or not. */
  async range(chain: number, fromSeq: number, toSeq: number): Promise<TrailRecord[]> {
    const rows: TrailRow[] = await this.dataSource.query(
      `SELECT chain, seq, event_id, event, prev_hash, hash FROM audit.trail
        WHERE chain = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
      [chain, fromSeq, toSeq],
    );
    return rows.map(toTrailRecord);
  }

  /** The stored hash of record `seq` of `chain`, or null when that record is missing. */
  async hashAt(chain: number, seq: number): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT hash FROM audit.trail WHERE chain = $1 AND seq = $2', [
      chain,
      seq,
    ]);
    return (row as { hash: string } | undefined)?.hash ?? null;
  }

  /** The stored event of one type about a decision (e.g. its decision.received), if any. */
  async eventOf(manager: EntityManager, decisionId: string, type: AuditEventV1['type']): Promise<AuditEventV1 | null> {
    const [row] = await manager.query(
      'SELECT event FROM audit.trail WHERE decision_id = $1 AND type = $2 ORDER BY seq LIMIT 1',
      [decisionId, type],
    );
    return (row as { event: AuditEventV1 } | undefined)?.event ?? null;
  }

  /** A decision's events, oldest first, with where each sits in the trail. */
  async history(decisionId: string): Promise<TracedTrailRecord[]> {
    const rows: Array<TrailRow & { trace_id: string | null }> = await this.dataSource.query(
      `SELECT chain, seq, event_id, event, prev_hash, hash, trace_id FROM audit.trail
        WHERE decision_id = $1 ORDER BY occurred_at, chain, seq`,
      [decisionId],
    );
    return rows.map((row) => ({ ...toTrailRecord(row), traceId: row.trace_id }));
  }
}
