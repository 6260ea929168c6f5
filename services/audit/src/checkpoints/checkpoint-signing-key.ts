import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { checkpointKeyId } from '../domain/checkpoint';

export const CHECKPOINT_PRIVATE_KEY_VARIABLE = 'AUDIT_CHECKPOINT_PRIVATE_KEY';

/** The audit service's checkpoint key pair, and how verifiers name and fetch its public half. */
export interface CheckpointSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  /** SubjectPublicKeyInfo PEM: what `GET /api/v1/trail/checkpoints/public-key` and the public key file hand out. */
  publicKeyPem: string;
  /** True for a key generated at start in development mode: checkpoints signed with it die with the process. */
  ephemeral: boolean;
}

/** The checkpoint key is missing or unusable; the message names the variable and never echoes its value. */
export class CheckpointKeyConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointKeyConfigurationError';
  }
}

/**
 * The signing key from AUDIT_CHECKPOINT_PRIVATE_KEY (PKCS#8 PEM, with real or `\n`-escaped newlines, or that PEM or
 * its DER in base64). Without one: in development mode an ephemeral key (the caller warns), otherwise an error — a
 * silent default key would let anyone who read the docs forge checkpoints.
 */
export function checkpointSigningKey(configured: string | undefined, development: boolean): CheckpointSigningKey {
  const value = configured?.trim();
  if (!value) {
    if (!development) {
      throw new CheckpointKeyConfigurationError(
        `${CHECKPOINT_PRIVATE_KEY_VARIABLE} is not set: audit signs checkpoints with an Ed25519 private key from ` +
          'configuration (openssl genpkey -algorithm ed25519). Only COUNTERSIGN_DEVELOPMENT=true generates a throw-away one.',
      );
    }
    return describe(generateKeyPairSync('ed25519').privateKey, true);
  }
  let privateKey: KeyObject;
  try {
    privateKey = parsePrivateKey(value);
  } catch {
    throw new CheckpointKeyConfigurationError(
      `${CHECKPOINT_PRIVATE_KEY_VARIABLE} is not a PKCS#8 private key (PEM, or PEM/DER in base64)`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new CheckpointKeyConfigurationError(
      `${CHECKPOINT_PRIVATE_KEY_VARIABLE} must be an Ed25519 key (got ${privateKey.asymmetricKeyType ?? 'unknown'})`,
    );
  }
  return describe(privateKey, false);
}

function parsePrivateKey(value: string): KeyObject {
  const pem = value.replace(/\\n/g, '\n');
  if (pem.includes('-----BEGIN')) return createPrivateKey(pem);
  const bytes = Buffer.from(value, 'base64');
  const text = bytes.toString('utf8');
  if (text.includes('-----BEGIN')) return createPrivateKey(text);
  return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
}

function describe(privateKey: KeyObject, ephemeral: boolean): CheckpointSigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    keyId: checkpointKeyId(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ephemeral,
  };
}
