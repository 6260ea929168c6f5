import { CompiledPolicy } from './compiled-policy';
import { defaultPolicy } from './default-policy';

export interface PolicyLookup {
  readonly policy: CompiledPolicy;
  /** False when the workflow has no policy and `policy` is the review-everything default: worth a warning metric. */
  readonly known: boolean;
}

/**
 * The current compiled policy of every workflow the router knows. Immutable: a change builds a new book, so a batch
 * being routed keeps evaluating against the book it started with while a policy change is applied.
 */
export class PolicyBook {
  private constructor(private readonly byWorkflow: ReadonlyMap<string, CompiledPolicy>) {}

  static empty(): PolicyBook {
    return new PolicyBook(new Map());
  }

  /** A book of the newest of the given policies for each workflow, in whatever order they come. */
  static of(policies: Iterable<CompiledPolicy>): PolicyBook {
    let book = PolicyBook.empty();
    for (const policy of policies) book = book.withPolicy(policy);
    return book;
  }

  policyFor(workflow: string): PolicyLookup {
    const policy = this.byWorkflow.get(workflow);
    return policy ? { policy, known: true } : { policy: defaultPolicy(workflow), known: false };
  }

  /**
   * A book with `policy` in it if it is newer than the workflow's current one; otherwise this very book. Policy
   * changes arrive at least once and may arrive late, so a redelivered or stale change must never replace a newer one.
   */
  withPolicy(policy: CompiledPolicy): PolicyBook {
    const current = this.byWorkflow.get(policy.workflow);
    if (current && current.version >= policy.version) return this;
    return new PolicyBook(new Map(this.byWorkflow).set(policy.workflow, policy));
  }

  get workflows(): string[] {
    return [...this.byWorkflow.keys()].sort();
  }
}
