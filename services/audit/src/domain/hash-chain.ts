import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The predecessor hash of the first record of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where a chain stands: its last sequence number and that record's hash (seq 0 and GENESIS_HASH when empty). */
export interface ChainHead {
  chain: number;
  seq: number;
  hash: string;
}

/** One stored trail record: an audit event, its place in its chain, and the links that make tampering visible. */
export interface TrailRecord {
  chain: number;
  seq: number;
  eventId: string;
  /** The audit event as published (an AuditEventV1), hashed in canonical form. */
  event: unknown;
  prevHash: string;
  hash: string;
}

export type TrailRecordContent = Omit<TrailRecord, 'hash'>;

/**
 * The chain a decision's events go to. Chains are shards of the trail: appends to different chains never wait on
 * each other, and one decision's events stay in one chain, in order.
 */
export function chainOf(key: string, chains: number): number {
  if (!Number.isInteger(chains) || chains < 1) throw new RangeError(`chains must be a positive integer, not ${chains}`);
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % chains;
}

export function recordHash(content: TrailRecordContent): string {
  const { chain, seq, eventId, event, prevHash } = content;
  return createHash('sha256').update(canonicalJson({ chain, seq, eventId, event, prevHash })).digest('hex');
}

/** Links events onto a chain after `head`, in the order given. */
export function appendToChain(
  head: ChainHead,
  events: ReadonlyArray<{ eventId: string; event: unknown }>,
): TrailRecord[] {
  let { seq, hash } = head;
  return events.map(({ eventId, event }) => {
    const content = { chain: head.chain, seq: seq + 1, eventId, event, prevHash: hash };
    const record = { ...content, hash: recordHash(content) };
    ({ seq, hash } = record);
    return record;
  });
}

export type ChainBreak =
  /** The record's content no longer matches its own hash: it was altered. */
  | 'altered'
  /** The record does not carry its predecessor's hash: a record before it was altered, removed or moved. */
  | 'broken_link'
  /** This sequence number is missing: the record was removed (or moved past the records after it). */
  | 'gap'
  /** The chain ends before the head the trail recorded for it: its last records were removed. */
  | 'truncated';

export interface BrokenRecord {
  chain: number;
  seq: number;
  eventId: string | null;
  problem: ChainBreak;
}

export type ChainVerification =
  | { ok: true; chain: number; checked: number; head: ChainHead }
  | { ok: false; chain: number; checked: number; broken: BrokenRecord };

/**
 * Walks `records` (one chain, ascending seq) from `start` — the head just before the range, i.e. seq 0 and
 * GENESIS_HASH to verify from the beginning — and names the first record that breaks the chain. `expectedHead`, when
 * given, is where the trail says the chain ends; a range that stops short of it was truncated.
 */
export function verifyChain(
  start: ChainHead,
  records: readonly TrailRecord[],
  expectedHead?: ChainHead,
): ChainVerification {
  let previous = start;
  let checked = 0;
  const broken = (record: TrailRecord, problem: ChainBreak): ChainVerification => ({
    ok: false,
    chain: start.chain,
    checked,
    broken: { chain: start.chain, seq: record.seq, eventId: record.eventId, problem },
  });
  for (const record of records) {
    if (record.seq !== previous.seq + 1) {
      // Name the first missing record; what was in it is gone from here (the audit topic still has it).
      return {
        ok: false,
        chain: start.chain,
        checked,
        broken: { chain: start.chain, seq: previous.seq + 1, eventId: null, problem: 'gap' },
      };
    }
    if (recordHash(record) !== record.hash) return broken(record, 'altered');
    if (record.prevHash !== previous.hash) return broken(record, 'broken_link');
    previous = { chain: start.chain, seq: record.seq, hash: record.hash };
    checked += 1;
  }
  if (expectedHead && expectedHead.seq > previous.seq) {
    return {
      ok: false,
      chain: start.chain,
      checked,
      broken: { chain: start.chain, seq: previous.seq + 1, eventId: null, problem: 'truncated' },
    };
  }
  return { ok: true, chain: start.chain, checked, head: previous };
}
