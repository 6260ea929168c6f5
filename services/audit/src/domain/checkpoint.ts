import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { ChainHead } from './hash-chain';

/**
 * A statement of where every chain stood at a moment, signed with the audit key. Published, so that a party outside
 * the database can later check that the trail still contains exactly what it contained then.
 */
export interface CheckpointBody {
  checkpointId: string;
  keyId: string;
  issuedAt: string;
  heads: ChainHead[];
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Hex HMAC-SHA256 of the canonical JSON of the body. */
  signature: string;
}

export function signCheckpoint(body: CheckpointBody, key: string): SignedCheckpoint {
  const heads = [...body.heads].sort((a, b) => a.chain - b.chain);
  const sorted = { ...body, heads };
  return { ...sorted, signature: hmac(sorted, key) };
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, key: string): boolean {
  const { signature, ...body } = checkpoint;
  const expected = Buffer.from(hmac(body, key), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function hmac(body: CheckpointBody, key: string): string {
  return createHmac('sha256', key).update(canonicalJson(body)).digest('hex');
}
