import { generateKeyPairSync } from 'node:crypto';
import { checkpointSigningKey, CheckpointKeyConfigurationError } from './checkpoint-signing-key';

describe('checkpointSigningKey', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });

  it('reads the same key from PEM, escaped PEM, base64 PEM and base64 DER', () => {
    const ids = [pem, pem.replace(/\n/g, '\\n'), Buffer.from(pem).toString('base64'), der.toString('base64')].map(
      (value) => checkpointSigningKey(value, false),
    );
    expect(new Set(ids.map((key) => key.keyId)).size).toBe(1);
    expect(ids[0]).toMatchObject({ ephemeral: false, publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
  });

  it('refuses to start without a key outside development mode, naming the variable', () => {
    for (const missing of [undefined, '', '   ']) {
      expect(() => checkpointSigningKey(missing, false)).toThrow(CheckpointKeyConfigurationError);
      expect(() => checkpointSigningKey(missing, false)).toThrow(/AUDIT_CHECKPOINT_PRIVATE_KEY is not set/);
    }
  });

  it('generates a fresh ephemeral key in development mode', () => {
    const first = checkpointSigningKey(undefined, true);
    expect(first.ephemeral).toBe(true);
    expect(checkpointSigningKey(undefined, true).keyId).not.toBe(first.keyId);
  });

  it('refuses garbage and non-Ed25519 keys without echoing the value', () => {
    const secretLooking = 'countersign-development-checkpoint-key-do-not-use';
    expect(() => checkpointSigningKey(secretLooking, false)).toThrow(/is not a PKCS#8 private key/);
    try {
      checkpointSigningKey(secretLooking, true);
    } catch (error) {
      expect((error as Error).message).not.toContain(secretLooking);
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => checkpointSigningKey(rsa.toString(), false)).toThrow(/must be an Ed25519 key \(got rsa\)/);
  });
});
