import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CHECKPOINT_ALGORITHM,
  checkpointKeyId,
  checkpointSignatureValid,
  SignedCheckpoint,
} from '../domain/checkpoint';

export interface CheckpointFileCheck {
  checkpointId: string | null;
  keyId: string | null;
  /** The id of the public key given: a mismatch with keyId usually means the wrong key file. */
  publicKeyId: string;
  signatureValid: boolean;
  problem?: string;
}

/**
 * Checks a checkpoint (as published on countersign.audit.checkpoints or returned by the API) with nothing but the
 * audit service's public key: no database, no secret. A checkpoint signed by any other key, or changed, fails.
 */
export function checkCheckpointFile(checkpointPath: string, publicKeyPath: string): CheckpointFileCheck {
  const publicKey = readPublicKey(publicKeyPath);
  const publicKeyId = checkpointKeyId(publicKey);
  const parsed = JSON.parse(readFileSync(checkpointPath, 'utf8')) as Record<string, unknown>;
  // The API's GET /trail/checkpoints/latest wraps it: { checkpoint, check }.
  const document = (parsed.checkpoint ?? parsed) as Record<string, unknown>;
  const { schemaVersion: _version, algorithm, ...signed } = document;
  const base = {
    checkpointId: typeof signed.checkpointId === 'string' ? signed.checkpointId : null,
    keyId: typeof signed.keyId === 'string' ? signed.keyId : null,
    publicKeyId,
  };
  if (algorithm !== CHECKPOINT_ALGORITHM) {
    return {
      ...base,
      signatureValid: false,
      problem: `algorithm ${String(algorithm)} cannot be verified with a public key`,
    };
  }
  const valid =
    Array.isArray(signed.heads) && checkpointSignatureValid(signed as unknown as SignedCheckpoint, publicKey);
  return valid
    ? { ...base, signatureValid: true }
    : { ...base, signatureValid: false, problem: 'signature does not verify' };
}

function readPublicKey(path: string): KeyObject {
  const key = createPublicKey(readFileSync(path, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 public key`);
  return key;
}
