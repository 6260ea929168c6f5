import { Injectable, NotFoundException } from '@nestjs/common';
import { badRequest } from '@countersign/platform';
import { RoutingPolicyDocument } from '@countersign/contracts';
import { compilePolicy, PolicyCompilationError } from '../domain/compile-policy';
import { previewRouting, RoutingPreview } from '../domain/routing-preview';
import { RoutedDecisionLedger } from '../ledger/routed-decision-ledger';
import { ActivePolicies } from './active-policies';
import { PolicyStore } from './policy-store';
import { PolicyVersionEntity } from './policy-version.entity';

@Injectable()
export class PoliciesService {
  constructor(
    private readonly store: PolicyStore,
    private readonly active: ActivePolicies,
    private readonly ledger: RoutedDecisionLedger,
  ) {}

  /** The current policy of each workflow listed, or of every workflow when `workflows` is undefined. */
  async list(workflows?: readonly string[]): Promise<PolicyVersionEntity[]> {
    const all = await this.store.latestAll();
    return workflows === undefined ? all : all.filter((row) => workflows.includes(row.workflow));
  }

  /** The stored current version, and the version this replica routes with (they differ for moments after a change). */
  async get(workflow: string): Promise<PolicyVersionEntity & { activeVersion: number }> {
    const found = await this.store.latest(workflow);
    if (!found) throw new NotFoundException(`no policy for workflow ${workflow}`);
    return { ...found, activeVersion: this.active.policyFor(workflow).policy.version };
  }

  async history(workflow: string): Promise<PolicyVersionEntity[]> {
    const versions = await this.store.history(workflow);
    if (versions.length === 0) throw new NotFoundException(`no policy for workflow ${workflow}`);
    return versions;
  }

  async dryRun(workflow: string, proposed: RoutingPolicyDocument, sampleSize: number): Promise<RoutingPreview> {
    const candidate = this.compileOrReject(workflow, proposed);
    const decisions = await this.ledger.recentDecisions(workflow, sampleSize);
    return previewRouting(decisions, this.active.policyFor(workflow).policy, candidate);
  }

  /** Compiles a proposed document, or answers 400 with the problems of each field. */
  compileOrReject(workflow: string, document: RoutingPolicyDocument) {
    try {
      return compilePolicy(workflow, Number.MAX_SAFE_INTEGER, document);
    } catch (error) {
      if (error instanceof PolicyCompilationError) {
        throw badRequest(
          error.errors.map((problem) => ({ field: `policy.${problem.path}`, errors: [problem.message] })),
          'the policy does not compile',
        );
      }
      throw error;
    }
  }
}
