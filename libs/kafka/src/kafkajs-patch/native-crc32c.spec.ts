import { randomBytes } from 'node:crypto';

// kafkajs's record batch checksum, as patched by patches/kafkajs+2.2.4.patch (@node-rs/crc32 when it loads); not part
// of kafkajs's typed API. A wrong checksum would not fail here alone: the broker refuses the batch (CORRUPT_MESSAGE),
// which every integration test producing to the real broker would show.
const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C') as ((buffer: Buffer) => number) & {
  native: boolean;
  javascript: (buffer: Buffer) => number;
};

describe('the patched kafkajs CRC-32C', () => {
  it('runs the native checksum on the platforms we ship (linux x64 / arm64)', () => {
    expect(crc32C.native).toBe(true);
  });

  it("equals kafkajs's own JavaScript checksum, as unsigned 32-bit integers", () => {
    // The RFC 3720 check value, then buffers of every size class kafkajs sums (empty, small records, whole batches).
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    for (const size of [0, 1, 7, 64, 1_000, 65_537, 1_048_576]) {
      const buffer = randomBytes(size);
      expect(crc32C(buffer)).toBe(crc32C.javascript(buffer));
      expect(crc32C(buffer)).toBeGreaterThanOrEqual(0);
    }
  });
});
