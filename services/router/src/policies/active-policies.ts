import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { decodeEvent, PolicyChangedV1, RoutingPolicyDocument, Topics, validateEvent } from '@countersign/contracts';
import { KafkaConnection } from '@countersign/kafka';
import { Consumer } from 'kafkajs';
import { compilePolicy } from '../domain/compile-policy';
import { CompiledPolicy } from '../domain/compiled-policy';
import { PolicyBook } from '../domain/policy-book';
import { withSamplingKey } from '../domain/sampling-key';
import { withAutonomyStopped } from '../domain/stop-autonomy';
import { PolicySeeder } from './policy-seeder';
import { PolicyStore } from './policy-store';
import { SamplingRotation, SamplingRotationStore } from './sampling-rotation-store';
import { SamplingSecret } from './sampling-secret';
import { TypedConfig } from '@countersign/platform';
import { RouterEnvironment } from '../router-environment';

/**
 * The policies this replica routes with. Loaded from Postgres at start, then kept current by `policy.changed`, which
 * every replica consumes in its own consumer group (a broadcast), with a periodic reload as a safety net. Each
 * decision is evaluated against the one book current when its batch started, so against exactly one policy version.
 * Every policy in the book is keyed with the sampling secret (and the workflow's rotation, if any) before it is used.
 */
@Injectable()
export class ActivePolicies implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(ActivePolicies.name);
  private book = PolicyBook.empty();
  private rotations = new Map<string, SamplingRotation>();
  /** The keyed review-everything default of each unknown workflow seen, so it is keyed once, not per decision. */
  private defaults = new Map<string, CompiledPolicy>();
  private consumer?: Consumer;
  private reloadTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: PolicyStore,
    private readonly seeder: PolicySeeder,
    private readonly kafka: KafkaConnection,
    private readonly config: TypedConfig<RouterEnvironment>,
    private readonly secret: SamplingSecret,
    private readonly rotationStore: SamplingRotationStore,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.seeder.seedMissing();
    // Listen first, then load: a change made in between is seen twice (harmless) rather than missed.
    await this.listen();
    await this.reload();
    const everyMs = this.config.get('POLICY_RELOAD_INTERVAL_MS');
    this.reloadTimer = setInterval(() => void this.reload().catch((error) => this.log.error(error)), everyMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.reloadTimer);
    await this.consumer?.disconnect();
  }

  policyFor(workflow: string): { policy: CompiledPolicy; known: boolean } {
    const found = this.book.policyFor(workflow);
    if (found.known) return found;
    let policy = this.defaults.get(workflow);
    if (!policy) {
      policy = this.keyed(found.policy);
      if (this.defaults.size > 10_000) this.defaults.clear();
      this.defaults.set(workflow, policy);
    }
    return { policy, known: false };
  }

  /** The policy with its sample keyed by the secret and the workflow's current rotation. */
  keyed(policy: CompiledPolicy): CompiledPolicy {
    return withSamplingKey(policy, this.secret.keyFor(policy.workflow, this.rotations.get(policy.workflow)));
  }

  rotationOf(workflow: string): SamplingRotation | undefined {
    return this.rotations.get(workflow);
  }

  /** Applies a version known to be valid (just stored, or announced); older or equal versions change nothing. */
  apply(workflow: string, version: number, document: RoutingPolicyDocument, autonomyStopped = false): void {
    const before = this.book;
    const compiled = this.keyed(compilePolicy(workflow, version, document));
    this.book = this.book.withPolicy(autonomyStopped ? withAutonomyStopped(compiled) : compiled);
    if (this.book !== before) this.log.log({ msg: 'policy applied', workflow, version, autonomyStopped });
  }

  /** Re-reads a workflow's rotation; a rotation is announced as a new policy version, applied right after this. */
  async refreshRotation(workflow: string): Promise<void> {
    const rotation = await this.rotationStore.one(workflow);
    if (rotation) this.rotations.set(workflow, rotation);
    else this.rotations.delete(workflow);
    this.defaults.delete(workflow);
  }

  async reload(): Promise<void> {
    this.rotations = new Map((await this.rotationStore.all()).map((rotation) => [rotation.workflow, rotation]));
    this.defaults.clear();
    for (const row of await this.store.latestAll()) {
      this.applyStored(row.workflow, row.version, row.policy, row.autonomyStopped);
    }
  }

  private applyStored(workflow: string, version: number, stored: unknown, autonomyStopped: boolean): void {
    const validated = validateEvent(RoutingPolicyDocument, stored);
    if (!validated.ok) {
      this.log.error({
        msg: 'stored policy no longer valid; keeping the previous one',
        workflow,
        version,
        errors: validated.errors,
      });
      return;
    }
    try {
      this.apply(workflow, version, validated.value, autonomyStopped);
    } catch (error) {
      this.log.error({
        msg: 'stored policy does not compile; keeping the previous one',
        workflow,
        version,
        error: String(error),
      });
    }
  }

  private async listen(): Promise<void> {
    const instance = this.config.get('INSTANCE_ID');
    this.consumer = this.kafka.kafka.consumer({
      groupId: `countersign-router-policies-${instance}`,
      maxWaitTimeInMs: 500,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: Topics.policyChanged, fromBeginning: false });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const decoded = decodeEvent(PolicyChangedV1, message.value);
        if (!decoded.ok) {
          this.log.error({ msg: 'unreadable policy change ignored', errors: decoded.errors });
          return;
        }
        const { workflow, version, policy, autonomyStopped } = decoded.value;
        await this.refreshRotation(workflow);
        this.applyStored(workflow, version, policy, autonomyStopped ?? false);
      },
    });
  }
}
