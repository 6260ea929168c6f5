import fc from 'fast-check';
import { compilePolicy } from './compile-policy';
import { routeDecision } from './route-decision';
import { samplePoint } from './sample-point';
import { withSamplingKey, workflowSamplingKey } from './sampling-key';
import { seedPolicies } from './seed-policies';

const IDS = 20_000;
const secretA = 'a'.repeat(40);
const secretB = 'b'.repeat(40);

function sampled(secret: string, workflow: string, rate: number): boolean[] {
  const key = workflowSamplingKey(secret, workflow);
  return Array.from({ length: IDS }, (_, i) => samplePoint(`id-${i}`, key) < rate);
}

describe('sampling keyed by the server-side secret (issue #13)', () => {
  it('samples each share uniformly: the count of sampled ids lies within 4 standard deviations of n·rate', () => {
    // Under the random-oracle model of HMAC-SHA256, each id is sampled independently with probability `rate`, so the
    // count is Binomial(n, rate); 4σ bounds a correct sampler's failure chance per case at ~6e-5.
    fc.assert(
      fc.property(fc.string({ minLength: 32 }), fc.constantFrom(0.02, 0.1, 0.5), (secret, rate) => {
        const count = sampled(secret, 'contract-review', rate).filter(Boolean).length;
        const sd = Math.sqrt(IDS * rate * (1 - rate));
        expect(Math.abs(count - IDS * rate)).toBeLessThan(4 * sd);
      }),
      { numRuns: 20 },
    );
  });

  it('draws independent samples under different secrets and for different workflows', () => {
    // Independent draws at rate 0.5 agree on half the ids; a shared or predictable key would agree on far more.
    const pairs: [boolean[], boolean[]][] = [
      [sampled(secretA, 'contract-review', 0.5), sampled(secretB, 'contract-review', 0.5)],
      [sampled(secretA, 'contract-review', 0.5), sampled(secretA, 'lead-qualification', 0.5)],
    ];
    for (const [x, y] of pairs) {
      const agree = x.filter((value, i) => value === y[i]).length;
      expect(Math.abs(agree - IDS / 2)).toBeLessThan(4 * Math.sqrt(IDS / 4));
    }
  });

  it('is not the public seed: a producer who knows the policy computes a different sample', () => {
    const document = seedPolicies['contract-review'];
    const keyed = withSamplingKey(compilePolicy('contract-review', 1, document), workflowSamplingKey(secretA, 'x'));
    const guessed = compilePolicy('contract-review', 1, document);
    const ids = Array.from({ length: 2000 }, (_, i) => `d-${i}`);
    const differs = ids.filter(
      (id) => samplePoint(id, keyed.sampleKey) < 0.5 !== samplePoint(id, guessed.sampleKey) < 0.5,
    );
    expect(differs.length).toBeGreaterThan(800);
  });

  it('routes a redelivered decision the same way given the same secret and rotation', () => {
    const policy = withSamplingKey(
      compilePolicy('contract-review', 1, seedPolicies['contract-review']),
      workflowSamplingKey(secretA, 'contract-review', 'salt-1'),
    );
    fc.assert(
      fc.property(fc.uuid(), fc.double({ min: 0, max: 1, noNaN: true }), (id, confidence) => {
        const decision = {
          schemaVersion: 1 as const,
          id,
          workflow: 'contract-review',
          model: { name: 'm', version: '1' },
          confidence,
          output: {},
          attributes: {},
          flags: [],
          occurredAt: '2026-12-04T00:00:00.000Z',
        };
        expect(routeDecision(decision, policy)).toEqual(routeDecision(structuredClone(decision), policy));
      }),
    );
  });

  it('derives a different key after a rotation, and the same key for the same rotation', () => {
    const before = workflowSamplingKey(secretA, 'contract-review');
    expect(workflowSamplingKey(secretA, 'contract-review', 'salt-1')).not.toEqual(before);
    expect(workflowSamplingKey(secretA, 'contract-review', 'salt-1')).toEqual(
      workflowSamplingKey(secretA, 'contract-review', 'salt-1'),
    );
  });
});
