// kafkajs's internal filter, as patched by patches/kafkajs+2.2.4.patch; not part of its typed API.
const filterAbortedMessages = require('kafkajs/src/consumer/filterAbortedMessages') as (input: {
  messages: Message[];
  abortedTransactions: { producerId: string; firstOffset: string }[];
}) => Message[];

interface Message {
  offset: string;
  key: Buffer;
  isControlRecord: boolean;
  batchContext: { firstOffset: string; lastOffsetDelta: number; producerId: string; inTransaction: boolean };
}

/** A one-record batch: data of a producer's transaction, or its ABORT / COMMIT marker. */
function record(offset: number, producerId: string, kind: 'data' | 'abort' | 'commit'): Message {
  const control = kind !== 'data';
  const key = control ? Buffer.from([0, 0, 0, kind === 'abort' ? 0 : 1]) : Buffer.from(`${producerId}@${offset}`);
  return {
    offset: String(offset),
    key,
    isControlRecord: control,
    batchContext: { firstOffset: String(offset), lastOffsetDelta: 0, producerId, inTransaction: true },
  };
}

const dataOffsets = (messages: Message[]) => messages.filter((m) => !m.isControlRecord).map((m) => Number(m.offset));

describe('the patched kafkajs read_committed filter (issue #13, ADR 0005)', () => {
  it('drops an aborted transaction that began before another one that ended first', () => {
    // P1 begins at 10, P2 at 11; P2 aborts first, so the broker lists P2's transaction before P1's.
    const messages = [
      record(10, 'P1', 'data'),
      record(11, 'P2', 'data'),
      record(12, 'P2', 'abort'),
      record(13, 'P1', 'data'),
      record(14, 'P1', 'abort'),
    ];
    const abortedTransactions = [
      { producerId: 'P2', firstOffset: '11' },
      { producerId: 'P1', firstOffset: '10' },
    ];
    expect(dataOffsets(filterAbortedMessages({ messages, abortedTransactions }))).toEqual([]);
  });

  it('drops every aborted transaction a read starts inside of, not one per record', () => {
    // A read resuming at 20, inside transactions of P1 (from 5) and P2 (from 8); P3 commits in between.
    const messages = [
      record(20, 'P2', 'data'),
      record(21, 'P3', 'data'),
      record(22, 'P1', 'data'),
      record(23, 'P3', 'commit'),
      record(24, 'P2', 'abort'),
      record(25, 'P1', 'abort'),
    ];
    const abortedTransactions = [
      { producerId: 'P1', firstOffset: '5' },
      { producerId: 'P2', firstOffset: '8' },
    ];
    expect(dataOffsets(filterAbortedMessages({ messages, abortedTransactions }))).toEqual([21]);
  });

  it('keeps a producer’s next transaction after its abort marker, and a data key of four zero bytes is no marker', () => {
    const zeroKey = { ...record(31, 'P1', 'data'), key: Buffer.alloc(4) };
    const messages = [
      record(30, 'P1', 'data'),
      zeroKey,
      record(32, 'P1', 'abort'),
      record(33, 'P1', 'data'),
      record(34, 'P1', 'commit'),
    ];
    const abortedTransactions = [{ producerId: 'P1', firstOffset: '30' }];
    expect(dataOffsets(filterAbortedMessages({ messages, abortedTransactions }))).toEqual([33]);
  });
});
