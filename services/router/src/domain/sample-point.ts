import { createHmac } from 'node:crypto';

const MANTISSA_BITS = 52;
const LOW_BITS = MANTISSA_BITS - 32;

/**
 * Where a decision falls in [0, 1) for random sampling: HMAC-SHA256 keyed by the policy's sampling key over the
 * decision id (the key comes from the server-side sampling secret: see sampling-key.ts).
 *
 * A hash rather than Math.random, so a redelivered decision falls in the same place and routes the same way; keyed by
 * a secret, so a producer who does not know it cannot pick ids that dodge review. 52 bits are as many as a double
 * holds exactly, so the points are uniform on a 2^-52 grid and `point < rate` selects a share of `rate` with no bias
 * worth the name.
 */
export function samplePoint(decisionId: string, seed: string | Buffer): number {
  const digest = createHmac('sha256', seed).update(decisionId, 'utf8').digest();
  const high = digest.readUInt32BE(0);
  const low = digest.readUInt32BE(4) >>> (32 - LOW_BITS);
  return (high * 2 ** LOW_BITS + low) / 2 ** MANTISSA_BITS;
}
