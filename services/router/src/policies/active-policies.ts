import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { decodeEvent, PolicyChangedV1, RoutingPolicyDocument, Topics, validateEvent } from '@countersign/contracts';
import { KafkaConnection } from '@countersign/kafka';
import { Consumer } from 'kafkajs';
import { compilePolicy } from '../domain/compile-policy';
import { CompiledPolicy } from '../domain/compiled-policy';
import { PolicyBook } from '../domain/policy-book';
import { PolicySeeder } from './policy-seeder';
import { PolicyStore } from './policy-store';
import { TypedConfig } from '@countersign/platform';
import { RouterEnvironment } from '../router-environment';

/**
 * The policies this replica routes with. Loaded from Postgres at start, then kept current by `policy.changed`, which
 * every replica consumes in its own consumer group (a broadcast), with a periodic reload as a safety net. Each
 * decision is evaluated against the one book current when its batch started, so against exactly one policy version.
 */
@Injectable()
export class ActivePolicies implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(ActivePolicies.name);
  private book = PolicyBook.empty();
  private consumer?: Consumer;
  private reloadTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: PolicyStore,
    private readonly seeder: PolicySeeder,
    private readonly kafka: KafkaConnection,
    private readonly config: TypedConfig<RouterEnvironment>,
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
    return this.book.policyFor(workflow);
  }

  /** Applies a version known to be valid (just stored, or announced); older or equal versions change nothing. */
  apply(workflow: string, version: number, document: RoutingPolicyDocument): void {
    const before = this.book;
    this.book = this.book.withPolicy(compilePolicy(workflow, version, document));
    if (this.book !== before) this.log.log({ msg: 'policy applied', workflow, version });
  }

  async reload(): Promise<void> {
    for (const row of await this.store.latestAll()) this.applyStored(row.workflow, row.version, row.policy);
  }

  private applyStored(workflow: string, version: number, stored: unknown): void {
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
      this.apply(workflow, version, validated.value);
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
        this.applyStored(decoded.value.workflow, decoded.value.version, decoded.value.policy);
      },
    });
  }
}
