import { Injectable } from '@nestjs/common';
import { BrokenRecord, ChainHead, GENESIS_HASH, verifyChain } from '../domain/hash-chain';
import { TrailStore } from './trail-store';

export interface VerifyRange {
  chain?: number;
  fromSeq?: number;
  toSeq?: number;
}

export interface TrailVerification {
  ok: boolean;
  chains: number;
  recordsChecked: number;
  /** The first broken record, in chain order; absent when the range is intact. */
  broken?: BrokenRecord;
}

/**
 * Walks the trail in pages and names the first record that breaks its chain. A range that starts mid-chain trusts
 * the stored hash of the record before it (verify from seq 1 to trust nothing but the data itself); a range that runs
 * to the chain's end is also checked against the recorded head, so removed last records are noticed.
 */
@Injectable()
export class TrailVerifier {
  /** Records read per query; a chain of any length is walked in constant memory. */
  pageSize = 5_000;

  constructor(private readonly store: TrailStore) {}

  async verify(range: VerifyRange = {}): Promise<TrailVerification> {
    const heads = await this.store.heads(range.chain);
    let recordsChecked = 0;
    for (const head of heads) {
      const result = await this.verifyChain(head, range.fromSeq ?? 1, range.toSeq ?? head.seq);
      recordsChecked += result.checked;
      if (result.broken) return { ok: false, chains: heads.length, recordsChecked, broken: result.broken };
    }
    return { ok: true, chains: heads.length, recordsChecked };
  }

  private async verifyChain(
    head: ChainHead,
    fromSeq: number,
    toSeq: number,
  ): Promise<{ checked: number; broken?: BrokenRecord }> {
    const { chain } = head;
    let start: ChainHead = { chain, seq: 0, hash: GENESIS_HASH };
    if (fromSeq > 1) {
      const hash = await this.store.hashAt(chain, fromSeq - 1);
      if (hash === null) return { checked: 0, broken: { chain, seq: fromSeq - 1, eventId: null, problem: 'gap' } };
      start = { chain, seq: fromSeq - 1, hash };
    }
    const last = Math.min(toSeq, head.seq);
    let checked = 0;
    while (start.seq < last) {
      const upTo = Math.min(last, start.seq + this.pageSize);
      const records = await this.store.range(chain, start.seq + 1, upTo);
      // Each page must reach its last seq; a shortfall at the end of the chain is truncation, named by verifyChain.
      const expected = upTo === head.seq ? head : { chain, seq: upTo, hash: '' };
      const result = verifyChain(start, records, expected);
      checked += result.checked;
      if (!result.ok) {
        // Short of a page's end, records are missing in the middle of the chain: a gap, not a truncated chain.
        const problem = result.broken.problem === 'truncated' && upTo !== head.seq ? 'gap' : result.broken.problem;
        return { checked, broken: { ...result.broken, problem } };
      }
      start = result.head;
    }
    if (last === head.seq && start.hash !== head.hash && last > 0) {
      return { checked, broken: { chain, seq: head.seq, eventId: null, problem: 'broken_link' } };
    }
    return { checked };
  }
}
