import { anAuditEvent } from '@countersign/contracts/testing';
import { appendToChain, ChainHead, GENESIS_HASH, TrailRecord } from '../domain/hash-chain';
import { TrailStore } from './trail-store';
import { TrailVerifier } from './trail-verifier';

/** The three reads the verifier makes, over records held in memory: what a tampered table would return. */
function storeOver(chains: TrailRecord[][], heads: ChainHead[]) {
  const of = (chain: number) => chains[chain] ?? [];
  return {
    heads: async (chain?: number) => heads.filter((head) => chain === undefined || head.chain === chain),
    range: async (chain: number, from: number, to: number) =>
      of(chain)
        .filter((record) => record.seq >= from && record.seq <= to)
        .sort((a, b) => a.seq - b.seq),
    hashAt: async (chain: number, seq: number) => of(chain).find((record) => record.seq === seq)?.hash ?? null,
  };
}

function chain(index: number, length: number): TrailRecord[] {
  const events = Array.from({ length }, (_, i) => {
    const event = anAuditEvent({ eventId: `00000000-0000-4000-8000-${String(index * 1000 + i).padStart(12, '0')}` });
    return { eventId: event.eventId, event };
  });
  return appendToChain({ chain: index, seq: 0, hash: GENESIS_HASH }, events);
}

const headOf = (records: TrailRecord[]): ChainHead => {
  const last = records[records.length - 1];
  return { chain: last.chain, seq: last.seq, hash: last.hash };
};

describe('TrailVerifier (pages of 5 records)', () => {
  const intact = [chain(0, 12), chain(1, 7)];
  const heads = intact.map(headOf);
  const verifier = (chains: TrailRecord[][]) => {
    // Only heads, range and hashAt are read; the rest of the store is never touched.
    const v = new TrailVerifier(storeOver(chains, heads) as unknown as TrailStore);
    v.pageSize = 5;
    return v;
  };

  it('walks every chain across pages', async () => {
    expect(await verifier(intact).verify()).toEqual({ ok: true, chains: 2, recordsChecked: 19 });
    expect(await verifier(intact).verify({ chain: 0, fromSeq: 4, toSeq: 11 })).toEqual({
      ok: true,
      chains: 1,
      recordsChecked: 8,
    });
  });

  it.each([
    ['the last record of a page removed', (r: TrailRecord[]) => r.filter((x) => x.seq !== 5), 5, 'gap'],
    ['the first record of a page removed', (r: TrailRecord[]) => r.filter((x) => x.seq !== 6), 6, 'gap'],
    ['the chain cut short', (r: TrailRecord[]) => r.filter((x) => x.seq < 11), 11, 'truncated'],
    [
      'the first record of a page altered',
      (r: TrailRecord[]) => r.map((x) => (x.seq === 6 ? { ...x, event: { forged: true } } : x)),
      6,
      'altered',
    ],
  ])('names the record when %s', async (_, tamper, seq, problem) => {
    const result = await verifier([tamper(intact[0]), intact[1]]).verify();
    expect(result).toMatchObject({ ok: false, broken: { chain: 0, seq, problem } });
  });

  it('sees a hole just before a range it was asked to start at', async () => {
    const holed = [intact[0].filter((x) => x.seq !== 3), intact[1]];
    expect(await verifier(holed).verify({ chain: 0, fromSeq: 4 })).toMatchObject({
      ok: false,
      broken: { chain: 0, seq: 3, problem: 'gap' },
    });
  });
});
