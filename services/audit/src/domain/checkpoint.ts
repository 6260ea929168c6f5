import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { ChainHead } from './hash-chain';

/** The signature scheme of every checkpoint signed now (RFC 8032 Ed25519, pure: no pre-hash). */
export const CHECKPOINT_ALGORITHM = 'Ed25519';

/**
 * A statement of where every chain stood at a moment, signed with the audit service's private key. Published, so
 * that a party outside the database — holding only the public key — can later check that the trail still contains
 * exactly what it contained then, and cannot itself produce a checkpoint that verifies.
 */
export interface CheckpointBody {
  checkpointId: string;
  keyId: string;
  issuedAt: string;
  heads: ChainHead[];
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Hex Ed25519 signature (64 bytes) of the canonical JSON of the body. */
  signature: string;
}

export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): SignedCheckpoint {
  requireEd25519(privateKey, 'private');
  const heads = [...body.heads].sort((a, b) => a.chain - b.chain);
  const sorted = { ...body, heads };
  return { ...sorted, signature: sign(null, signedBytes(sorted), privateKey).toString('hex') };
}

/** True only for a checkpoint signed by the private half of `publicKey`, unchanged since. Never throws on input. */
export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  requireEd25519(publicKey, 'public');
  const { signature, ...body } = checkpoint;
  if (typeof signature !== 'string' || !/^[0-9a-f]{128}$/.test(signature)) return false;
  try {
    return verify(null, signedBytes(body), publicKey, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}

/**
 * A short, stable name of a public key (sha256 of its SubjectPublicKeyInfo, first 16 hex digits): written into each
 * checkpoint so a verifier holding several keys (after a rotation) knows which one to use.
 */
export function checkpointKeyId(publicKey: KeyObject): string {
  requireEd25519(publicKey, 'public');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519-${createHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
}

function signedBytes(body: CheckpointBody): Buffer {
  // Heads by chain, as signed: the order a verifier receives them in must not matter.
  return Buffer.from(canonicalJson({ ...body, heads: [...body.heads].sort((a, b) => a.chain - b.chain) }));
}

function requireEd25519(key: KeyObject, type: 'public' | 'private'): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`checkpoint keys are Ed25519 keys: expected a ${type} ed25519 key`);
  }
}
