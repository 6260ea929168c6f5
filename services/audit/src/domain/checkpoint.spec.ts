import { checkpointSignatureValid, signCheckpoint } from './checkpoint';

describe('signed checkpoints', () => {
  const body = {
    checkpointId: 'cp-1',
    keyId: 'k1',
    issuedAt: '2026-11-25T12:00:00.000Z',
    heads: [
      { chain: 1, seq: 7, hash: 'b'.repeat(64) },
      { chain: 0, seq: 3, hash: 'a'.repeat(64) },
    ],
  };

  it('signs heads in chain order and verifies with the same key', () => {
    const signed = signCheckpoint(body, 'secret');
    expect(signed.heads.map((h) => h.chain)).toEqual([0, 1]);
    expect(signed.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(checkpointSignatureValid(signed, 'secret')).toBe(true);
  });

  it('refuses another key, a changed head or a garbled signature', () => {
    const signed = signCheckpoint(body, 'secret');
    expect(checkpointSignatureValid(signed, 'other')).toBe(false);
    const moved = { ...signed, heads: [{ ...signed.heads[0], seq: 2 }, signed.heads[1]] };
    expect(checkpointSignatureValid(moved, 'secret')).toBe(false);
    expect(checkpointSignatureValid({ ...signed, signature: 'abc' }, 'secret')).toBe(false);
  });
});
