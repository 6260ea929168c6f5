import { Injectable, NotFoundException } from '@nestjs/common';
import { badRequest } from '@countersign/platform';
import { RoutingPolicyDocument } from '@countersign/contracts';
import { compilePolicy, PolicyCompilationError } from '../domain/compile-policy';
import { previewRouting, RoutingPreview } from '../domain/routing-preview';
import { RoutedDecisionLedger } from '../ledger/routed-decision-ledger';
import { ActivePolicies } from './active-policies';
import { PolicyStore } from './policy-store';
import { PolicyVersionEntity } from './policy-version.entity';
import { SamplingRotationStore } from './sampling-rotation-store';
import { SamplingSecret, SamplingSecretStatus } from './sampling-secret';

/** A stored version as the API shows it: the sampling secret only as the fact that one is set, and when it changed. */
export type PolicyView = PolicyVersionEntity & { samplingSecret: SamplingSecretStatus };

@Injectable()
export class PoliciesService {
  constructor(
    private readonly store: PolicyStore,
    private readonly active: ActivePolicies,
    private readonly ledger: RoutedDecisionLedger,
    private readonly secret: SamplingSecret,
    private readonly rotations: SamplingRotationStore,
  ) {}

  /** The current policy of each workflow listed, or of every workflow when `workflows` is undefined. */
  async list(workflows?: readonly string[]): Promise<PolicyView[]> {
    const rotations = new Map((await this.rotations.all()).map((rotation) => [rotation.workflow, rotation]));
    const all = await this.store.latestAll();
    return (workflows === undefined ? all : all.filter((row) => workflows.includes(row.workflow))).map((row) => ({
      ...row,
      samplingSecret: this.secret.status(rotations.get(row.workflow)),
    }));
  }

  /** The stored current version, and the version this replica routes with (they differ for moments after a change). */
  async get(workflow: string): Promise<PolicyView & { activeVersion: number }> {
    const found = await this.store.latest(workflow);
    if (!found) throw new NotFoundException(`no policy for workflow ${workflow}`);
    const samplingSecret = this.secret.status(await this.rotations.one(workflow));
    return { ...found, samplingSecret, activeVersion: this.active.policyFor(workflow).policy.version };
  }

  async history(workflow: string): Promise<PolicyVersionEntity[]> {
    const versions = await this.store.history(workflow);
    if (versions.length === 0) throw new NotFoundException(`no policy for workflow ${workflow}`);
    return versions;
  }

  /**
   * A fresh sampling key for the workflow: a new random salt, stored with a new policy version (same document) whose
   * policy.changed makes every replica re-key, and whose audit event records who rotated it and why — never the key.
   */
  async rotateSamplingKey(workflow: string, rotatedBy: string, reason: string): Promise<PolicyView> {
    const current = await this.store.latest(workflow);
    if (!current) throw new NotFoundException(`no policy for workflow ${workflow}`);
    const stored = await this.store.append(
      {
        workflow,
        policy: current.policy,
        changedBy: rotatedBy,
        reason: `sampling key rotated: ${reason}`,
        audit: { action: 'sampling-key.rotated', samplingKeyRotated: true },
      },
      current.version,
      undefined,
      (manager, changedAt) => this.rotations.rotate(manager, workflow, rotatedBy, changedAt),
    );
    await this.active.refreshRotation(workflow);
    this.active.apply(workflow, stored.version, stored.policy, stored.autonomyStopped);
    return { ...stored, samplingSecret: this.secret.status(this.active.rotationOf(workflow)) };
  }

  async dryRun(workflow: string, proposed: RoutingPolicyDocument, sampleSize: number): Promise<RoutingPreview> {
    const candidate = this.compileOrReject(workflow, proposed);
    const decisions = await this.ledger.recentDecisions(workflow, sampleSize);
    return previewRouting(decisions, this.active.policyFor(workflow).policy, this.active.keyed(candidate));
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
