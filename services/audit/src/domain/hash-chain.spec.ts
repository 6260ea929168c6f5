import fc from 'fast-check';
import { anAuditEvent } from '@countersign/contracts/testing';
import { canonicalJson } from './canonical-json';
import { appendToChain, chainOf, ChainHead, GENESIS_HASH, TrailRecord, verifyChain } from './hash-chain';

const start = (chain = 0): ChainHead => ({ chain, seq: 0, hash: GENESIS_HASH });
const events = (count: number) =>
  Array.from({ length: count }, (_, index) => {
    const event = anAuditEvent({ eventId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` });
    return { eventId: event.eventId, event };
  });

describe('canonicalJson', () => {
  it('orders keys, so the same object read back with other key order hashes the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: null, e: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[1,{"e":"x","f":null}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('is the same for any key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('hash chain', () => {
  it('links each record to its predecessor, from the genesis hash', () => {
    const records = appendToChain(start(3), events(3));
    expect(records.map((r) => [r.chain, r.seq])).toEqual([
      [3, 1],
      [3, 2],
      [3, 3],
    ]);
    expect(records[0].prevHash).toBe(GENESIS_HASH);
    expect(records[1].prevHash).toBe(records[0].hash);
    expect(records[2].prevHash).toBe(records[1].hash);
    expect(verifyChain(start(3), records)).toEqual({
      ok: true,
      chain: 3,
      checked: 3,
      head: { chain: 3, seq: 3, hash: records[2].hash },
    });
  });

  it('continues a chain across appends exactly as one append would', () => {
    const all = appendToChain(start(), events(5));
    const first = appendToChain(start(), events(5).slice(0, 2));
    const rest = appendToChain({ chain: 0, seq: 2, hash: first[1].hash }, events(5).slice(2));
    expect([...first, ...rest]).toEqual(all);
  });

  it('verifies a range given the head just before it', () => {
    const records = appendToChain(start(), events(6));
    const before = { chain: 0, seq: 3, hash: records[2].hash };
    expect(verifyChain(before, records.slice(3))).toMatchObject({ ok: true, checked: 3 });
    expect(verifyChain(start(), records.slice(3))).toMatchObject({ ok: false, broken: { seq: 1, problem: 'gap' } });
  });

  const tamperings: Array<[string, (records: TrailRecord[]) => TrailRecord[], object]> = [
    [
      'an altered event',
      (r) => r.map((x) => (x.seq === 4 ? { ...x, event: { ...(x.event as object), actor: 'mallory' } } : x)),
      { seq: 4, problem: 'altered' },
    ],
    [
      'an altered record re-hashed to hide it',
      (r) => {
        const forged = appendToChain({ chain: 0, seq: 3, hash: r[2].hash }, [{ eventId: 'forged', event: {} }])[0];
        return r.map((x) => (x.seq === 4 ? forged : x));
      },
      { seq: 5, problem: 'broken_link' },
    ],
    ['a deleted record', (r) => r.filter((x) => x.seq !== 4), { seq: 4, problem: 'gap', eventId: null }],
    [
      'two records swapped with their sequence numbers',
      (r) => r.map((x) => (x.seq === 4 ? { ...r[4], seq: 4 } : x.seq === 5 ? { ...r[3], seq: 5 } : x)),
      { seq: 4, problem: 'altered' },
    ],
    ['the last records deleted', (r) => r.slice(0, 6), { seq: 7, problem: 'truncated', eventId: null }],
  ];

  it.each(tamperings)('names the first broken record after %s', (_, tamper, expected) => {
    const records = appendToChain(start(), events(8));
    const head = { chain: 0, seq: 8, hash: records[7].hash };
    const result = verifyChain(start(), tamper(records), head);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ broken: expected });
  });

  it('detects any single altered field of any record', () => {
    const records = appendToChain(start(), events(10));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom('eventId', 'prevHash', 'hash', 'event'),
        (index, field) => {
          const tampered = records.map((r, i) =>
            i === index ? { ...r, [field]: field === 'event' ? { changed: true } : `x${String(r[field])}` } : r,
          );
          const result = verifyChain(start(), tampered);
          expect(result).toMatchObject({ ok: false, broken: { seq: index + 1 } });
        },
      ),
    );
  });

  it('spreads decisions over every chain and keeps one decision in one chain', () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i += 1) counts[chainOf(`decision-${i}`, 8)] += 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
    expect(chainOf('decision-1', 8)).toBe(chainOf('decision-1', 8));
    expect(() => chainOf('x', 0)).toThrow(RangeError);
  });
});
