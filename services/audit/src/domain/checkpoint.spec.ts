import { generateKeyPairSync } from 'node:crypto';
import { checkpointKeyId, checkpointSignatureValid, signCheckpoint } from './checkpoint';

describe('Ed25519-signed checkpoints', () => {
  const auditKey = generateKeyPairSync('ed25519');
  const body = {
    checkpointId: 'cp-1',
    keyId: checkpointKeyId(auditKey.publicKey),
    issuedAt: '2026-11-25T12:00:00.000Z',
    heads: [
      { chain: 1, seq: 7, hash: 'b'.repeat(64) },
      { chain: 0, seq: 3, hash: 'a'.repeat(64) },
    ],
  };

  it('signs heads in chain order and verifies with the public key alone', () => {
    const signed = signCheckpoint(body, auditKey.privateKey);
    expect(signed.heads.map((h) => h.chain)).toEqual([0, 1]);
    expect(signed.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(checkpointSignatureValid(signed, auditKey.publicKey)).toBe(true);
    // The order heads arrive in does not matter to the verifier.
    expect(checkpointSignatureValid({ ...signed, heads: [...signed.heads].reverse() }, auditKey.publicKey)).toBe(true);
  });

  it('refuses a checkpoint signed by any other key, even one claiming the audit key id', () => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const forger = generateKeyPairSync('ed25519');
      const forged = signCheckpoint(body, forger.privateKey);
      expect(forged.keyId).toBe(body.keyId);
      expect(checkpointSignatureValid(forged, auditKey.publicKey)).toBe(false);
    }
  });

  it('refuses a tampered checkpoint: a moved head, another hash, id, time or key id, a garbled signature', () => {
    const signed = signCheckpoint(body, auditKey.privateKey);
    const tampered = [
      { ...signed, heads: [{ ...signed.heads[0], seq: 2 }, signed.heads[1]] },
      { ...signed, heads: [signed.heads[0], { ...signed.heads[1], hash: 'c'.repeat(64) }] },
      { ...signed, heads: [signed.heads[0]] },
      { ...signed, checkpointId: 'cp-2' },
      { ...signed, issuedAt: '2026-11-25T12:00:01.000Z' },
      { ...signed, keyId: 'ed25519-0000000000000000' },
      { ...signed, signature: 'abc' },
      { ...signed, signature: `${signed.signature.slice(0, -2)}${signed.signature.endsWith('00') ? '01' : '00'}` },
      { ...signed, signature: 'f'.repeat(64) },
    ];
    for (const checkpoint of tampered) expect(checkpointSignatureValid(checkpoint, auditKey.publicKey)).toBe(false);
  });

  it('names a key by its public half, the same from the private key as from the exported public key', () => {
    const other = generateKeyPairSync('ed25519');
    expect(checkpointKeyId(auditKey.publicKey)).toMatch(/^ed25519-[0-9a-f]{16}$/);
    expect(checkpointKeyId(other.publicKey)).not.toBe(checkpointKeyId(auditKey.publicKey));
  });

  it('refuses keys that are not Ed25519, or the wrong half', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() => signCheckpoint(body, rsa.privateKey)).toThrow(/Ed25519/);
    expect(() => signCheckpoint(body, auditKey.publicKey)).toThrow(/private ed25519 key/);
    const signed = signCheckpoint(body, auditKey.privateKey);
    expect(() => checkpointSignatureValid(signed, rsa.publicKey)).toThrow(/public ed25519 key/);
  });
});
