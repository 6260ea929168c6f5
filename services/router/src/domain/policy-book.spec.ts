import { RoutingPolicyDocument } from '@countersign/contracts';
import fc from 'fast-check';
import { compilePolicy } from './compile-policy';
import { CompiledPolicy } from './compiled-policy';
import { PolicyBook } from './policy-book';

const policy = (workflow: string, version: number, threshold = 0.9): CompiledPolicy =>
  compilePolicy(workflow, version, Object.assign(new RoutingPolicyDocument(), { threshold, trustLevel: 2 }));

describe('PolicyBook', () => {
  it('gives the workflow its policy, as known', () => {
    const book = PolicyBook.empty().withPolicy(policy('contract-review', 3));
    expect(book.policyFor('contract-review')).toEqual({ policy: policy('contract-review', 3), known: true });
  });

  it('gives an unknown workflow the review-everything default, as unknown (for the warning metric)', () => {
    const { policy: fallback, known } = PolicyBook.empty().policyFor('invoice-coding');
    expect(known).toBe(false);
    expect(fallback).toMatchObject({ workflow: 'invoice-coding', version: 0, standingReasons: ['unknown_workflow'] });
  });

  it('takes a newer version', () => {
    const book = PolicyBook.empty()
      .withPolicy(policy('w', 3, 0.9))
      .withPolicy(policy('w', 4, 0.95));
    expect(book.policyFor('w').policy).toMatchObject({ version: 4, terms: { threshold: 0.95 } });
  });

  it.each([
    ['the same version again (a redelivered change)', 4],
    ['an older version (a stale change)', 2],
  ])('keeps the newer policy when given %s, and returns the very same book', (_name, version) => {
    const book = PolicyBook.empty().withPolicy(policy('w', 4, 0.95));
    const after = book.withPolicy(policy('w', version, 0.5));
    expect(after).toBe(book);
    expect(after.policyFor('w').policy.terms.threshold).toBe(0.95);
  });

  it('leaves the book it was built from unchanged', () => {
    const before = PolicyBook.empty().withPolicy(policy('a', 1));
    const after = before.withPolicy(policy('b', 1)).withPolicy(policy('a', 2));
    expect(before.workflows).toEqual(['a']);
    expect(before.policyFor('a').policy.version).toBe(1);
    expect(after.workflows).toEqual(['a', 'b']);
  });

  it('ends with the newest version of each workflow, in whatever order the changes arrive', () => {
    const changes = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 1, max: 50 })), {
      minLength: 1,
    });
    fc.assert(
      fc.property(changes, (pairs) => {
        const book = PolicyBook.of(pairs.map(([workflow, version]) => policy(workflow, version)));
        for (const [workflow] of pairs) {
          const newest = Math.max(...pairs.filter(([w]) => w === workflow).map(([, version]) => version));
          expect(book.policyFor(workflow).policy.version).toBe(newest);
        }
      }),
      { numRuns: 50 },
    );
  });
});
