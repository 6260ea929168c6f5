import { uuidV5 } from './deterministic-id';

describe('uuidV5', () => {
  it('matches the RFC 4122 reference value', () => {
    // The well-known example: uuidv5('www.example.com', DNS namespace).
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('is stable per name and differs between names', () => {
    expect(uuidV5('decision.routed:d-1')).toBe(uuidV5('decision.routed:d-1'));
    expect(uuidV5('decision.routed:d-1')).not.toBe(uuidV5('decision.routed:d-2'));
    expect(uuidV5('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
