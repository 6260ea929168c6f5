import fc from 'fast-check';
import { StockKafkajs, stockKafkajs } from './stock-kafkajs';

// kafkajs's protocol internals (not part of its typed API): the produce request as the producer builds it, framed as
// the connection sends it. patches/kafkajs+2.2.4.patch writes it with fewer copies and allocations; the bytes on the
// wire must not change, so every request here is encoded by the patched package and by kafkajs 2.2.4 as published.
interface Encoder {
  buffer: Buffer;
}
interface Kafkajs {
  createRequest: (request: { correlationId: number; clientId: string | null; request: unknown }) => Promise<Encoder>;
  produce: { protocol: (version: { version: number }) => (request: ProduceRequest) => { request: unknown } };
  Encoder: {
    new (): Encoder & { writeVarInt(v: unknown): Encoder; writeVarLong(v: unknown): Encoder };
    sizeOfVarLong(v: unknown): number;
  };
}
interface ProduceRequest {
  acks: number;
  timeout: number;
  transactionalId?: string | null;
  producerId?: unknown;
  producerEpoch?: number;
  compression?: number;
  topicData: { topic: string; partitions: { partition: number; firstSequence?: number; messages: any[] }[] }[];
}

const load = (requireModule: (path: string) => any): Kafkajs => ({
  createRequest: requireModule('src/protocol/request'),
  produce: requireModule('src/protocol/requests/produce'),
  Encoder: requireModule('src/protocol/encoder'),
});

const GZIP = 1;
const NOW = Date.parse('2026-12-06T04:00:00.000Z');

/** Bytes of any size, cheaply: xorshift from a seed (fast-check would draw a 70 KiB array byte by byte). */
function bytes(size: number, seed: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let x = seed | 1;
  for (let i = 0; i < size; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buffer[i] = x;
  }
  return buffer;
}

// Sizes either side of the encoder's 512-byte start and 64 KiB; the largest rarely, to keep the suite fast.
const size = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 127 }), weight: 10 },
  { arbitrary: fc.integer({ min: 128, max: 2_048 }), weight: 8 },
  { arbitrary: fc.integer({ min: 65_530, max: 70_000 }), weight: 1 },
);
const buffer = fc.tuple(size, fc.integer()).map(([length, seed]) => bytes(length, seed));
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }), // any code point, lone surrogates included
  fc
    .tuple(fc.constantFrom('é', '😀', 'a', '\u{10FFFF}'), fc.integer({ min: 100, max: 5_000 }))
    .map(([s, n]) => s.repeat(n)),
);
const headerValue = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), buffer);
const headers = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 })),
    { maxKeys: 5 },
  ),
);
const timestamp = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  { arbitrary: fc.integer({ min: NOW - 86_400_000, max: NOW + 86_400_000 }), weight: 1 },
  { arbitrary: fc.integer({ min: NOW - 86_400_000, max: NOW }).map(String), weight: 1 },
);
const message = fc.record(
  {
    key: fc.oneof(fc.constant(null), fc.constant(undefined), buffer, fc.string({ unit: 'binary', maxLength: 40 })),
    value: fc.oneof({ arbitrary: buffer, weight: 3 }, { arbitrary: text, weight: 1 }, fc.constant(null)),
    headers,
    timestamp,
  },
  { requiredKeys: ['key', 'value'] },
);
const produceRequest = fc.record({
  version: fc.integer({ min: 3, max: 7 }),
  correlationId: fc.nat(),
  clientId: fc.oneof(fc.constant(null), fc.string({ maxLength: 30 })),
  request: fc.record(
    {
      acks: fc.constantFrom(-1, 0, 1),
      timeout: fc.nat(),
      transactionalId: fc.oneof(fc.constant(null), fc.string({ minLength: 1, maxLength: 30 })),
      producerId: fc.oneof(fc.constant(-1), fc.nat(), fc.bigInt(0n, 2n ** 63n - 1n).map(String)),
      producerEpoch: fc.integer({ min: 0, max: 32_767 }),
      compression: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.constant(GZIP), weight: 1 }),
      topicData: fc.array(
        fc.record({
          topic: fc.string({ minLength: 1, maxLength: 40 }),
          partitions: fc.array(
            fc.record(
              {
                partition: fc.integer({ min: 0, max: 100 }),
                firstSequence: fc.nat(),
                messages: fc.array(message, { maxLength: 8 }),
              },
              { requiredKeys: ['partition', 'messages'] },
            ),
            { minLength: 1, maxLength: 3 },
          ),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    },
    { requiredKeys: ['acks', 'timeout', 'topicData'] },
  ),
});

interface Framing {
  version: number;
  correlationId: number;
  clientId: string | null;
}

/** The framed request's bytes, or how encoding failed. */
async function frame(kafkajs: Kafkajs, { version, correlationId, clientId }: Framing, request: ProduceRequest) {
  try {
    const produce = kafkajs.produce.protocol({ version })(request).request;
    return (await kafkajs.createRequest({ correlationId, clientId, request: produce })).buffer;
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
}

/** Where two encodings differ (toEqual compares large Buffers byte by byte, far too slowly). */
function difference(actual: Buffer | string, expected: Buffer): string | undefined {
  if (typeof actual === 'string') return actual;
  if (actual.equals(expected)) return undefined;
  let at = 0;
  while (actual[at] === expected[at]) at += 1;
  const around = (buffer: Buffer) => buffer.subarray(Math.max(0, at - 8), at + 8).toString('hex');
  return `${actual.length} bytes, expected ${expected.length}; at ${at}: ${around(actual)}, expected ${around(expected)}`;
}

describe('the patched kafkajs producer: partitioning, grouping and produce request encoding', () => {
  let stock: StockKafkajs;
  let original: Kafkajs;
  let patched: Kafkajs;

  beforeAll(() => {
    stock = stockKafkajs();
    original = load((path) => stock.require(path));
    patched = load((path) => require(`kafkajs/${path}`));
  });
  afterAll(() => stock.dispose());
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => jest.restoreAllMocks());

  it('compares with kafkajs 2.2.4 as published (npm pack kafkajs@2.2.4)', () => {
    const published: Record<string, string> = {
      'src/protocol/encoder.js': '9977889e184a9e910e4f6098c36ec6a0ca36c183aa6ead0f24191b6aa1c9a777',
      'src/protocol/request.js': '2270900ca6474026c11957fe71ac586881985460ed2554db22ad8870dcaff634',
      'src/protocol/recordBatch/v0/index.js': '6d6b63a8959ff0b9ea1198b2d4ec0af940a4c92d5c793bb592310ab46f99df30',
      'src/protocol/recordBatch/record/v0/index.js': 'ffbc628c1f35f5de8ba798165616b1009d9af1c27ca959999a10e6e3c18f8215',
      'src/protocol/requests/produce/v3/request.js': '993a3db997827088f5acb08cacf3c67a99ec2886303ff465d244329b8a1c7f99',
      'src/protocol/recordBatch/crc32C/index.js': '0826ea7387f25400b1a24bacdbba85db9c1f2e932f168874728a9ecaf1eb2379',
    };
    for (const [path, sha256] of Object.entries(published))
      expect(`${path} ${stock.sha256(path)}`).toBe(`${path} ${sha256}`);
  });

  it('writes the same bytes for random record batches (keys, values to 70 KB, headers, idempotent, transactional)', async () => {
    await fc.assert(
      fc.asyncProperty(produceRequest, async ({ request, ...framing }) => {
        const expected = await frame(original, framing, request);
        expect(typeof expected).not.toBe('string'); // every generated request is one kafkajs encodes
        expect(difference(await frame(patched, framing, request), expected as Buffer)).toBeUndefined();
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  }, 120_000);

  it('writes the same bytes for what random requests seldom hold (sparse and empty header arrays, empty values)', async () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = ['a', , Buffer.from('b'), ,];
    const messages = [
      { key: '', value: Buffer.alloc(0), headers: { list: sparse, none: [], empty: '' } },
      { key: Buffer.alloc(0), value: '', headers: {} },
      {
        value: Buffer.from('no key'),
        headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      },
    ];
    const framing = { version: 7, correlationId: 7, clientId: 'countersign' };
    for (const compression of [0, GZIP]) {
      const request = {
        acks: -1,
        timeout: 30_000,
        compression,
        topicData: [{ topic: 't', partitions: [{ partition: 2, messages }] }],
      };
      const expected = await frame(original, framing, request);
      expect(typeof expected).not.toBe('string');
      expect(difference(await frame(patched, framing, request), expected as Buffer)).toBeUndefined();
    }
  });

  it('fails the same way where kafkajs fails (a null header value, a number key, a fractional timestamp)', async () => {
    const framing = { version: 7, correlationId: 1, clientId: 'c' };
    const broken = [
      { key: 'k', value: Buffer.from('v'), headers: { traceparent: null } },
      { key: 'k', value: Buffer.from('v'), headers: { list: ['a', null] } },
      { key: 42, value: Buffer.from('v') },
      { key: 'k', value: Buffer.from('v'), timestamp: NOW + 0.5 },
    ];
    for (const compression of [0, GZIP]) {
      for (const broke of broken) {
        const request = {
          acks: -1,
          timeout: 30_000,
          compression,
          topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'ok', value: 'ok' }, broke] }] }],
        };
        const expected = await frame(original, framing, request);
        expect(typeof expected).toBe('string');
        expect(await frame(patched, framing, request)).toBe(expected);
      }
    }
  });

  it("groups a batch's messages by partition as kafkajs does (the same messages, in the same order)", () => {
    type Grouping = (input: {
      topic: string;
      partitionMetadata: object[];
      messages: { partition: number }[];
      partitioner: (input: { message: { partition: number } }) => number;
    }) => Record<string, { partition: number }[]>;
    const [before, after] = [
      stock.require<Grouping>('src/producer/groupMessagesPerPartition'),
      require('kafkajs/src/producer/groupMessagesPerPartition') as Grouping,
    ];
    const partitioner = ({ message }: { message: { partition: number } }) => message.partition;
    const partitionMetadata = [{ partitionId: 0, leader: 0 }];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 500 }), (partitions) => {
        const messages = partitions.map((partition) => ({ partition }));
        const expected = before({ topic: 't', partitionMetadata, messages, partitioner });
        const actual = after({ topic: 't', partitionMetadata, messages, partitioner });
        expect(Object.keys(actual)).toEqual(Object.keys(expected));
        for (const partition of Object.keys(expected)) {
          expect(actual[partition].every((message, i) => message === expected[partition][i])).toBe(true);
          expect(actual[partition]).toHaveLength(expected[partition].length);
        }
      }),
    );
  });

  it("hashes keys to partitions as kafkajs's murmur2 does (Apache Kafka's default partitioner)", () => {
    type Murmur2 = (key: unknown) => number;
    const path = 'src/producer/partitioners/default/murmur2';
    const [before, after] = [stock.require<Murmur2>(path), require(`kafkajs/${path}`) as Murmur2];
    const key = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes)),
      fc.integer(),
    );
    fc.assert(
      fc.property(key, (k) => expect(after(k)).toBe(before(k))),
      { numRuns: 2_000 },
    );
    expect(after('decision-0001')).toBe(before('decision-0001'));
  });

  it('writes varints and varlongs as kafkajs does, at every boundary', () => {
    const edges = [
      0,
      1,
      -1,
      63,
      64,
      -64,
      -65,
      2 ** 30 - 1,
      2 ** 30,
      -(2 ** 30),
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      -(2 ** 31) - 1,
    ];
    const value = fc.oneof(
      fc.constantFrom(...edges),
      fc.integer(),
      fc.maxSafeInteger(),
      fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(String),
    );
    const written = (kafkajs: Kafkajs, v: unknown) => [
      new kafkajs.Encoder().writeVarInt(v).buffer,
      new kafkajs.Encoder().writeVarLong(v).buffer,
      kafkajs.Encoder.sizeOfVarLong(v),
    ];
    fc.assert(fc.property(value, (v) => expect(written(patched, v)).toEqual(written(original, v))));
  });
});
