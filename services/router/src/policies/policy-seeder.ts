import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { seedPolicies } from '../domain/seed-policies';
import { PolicyStore } from './policy-store';

/** On a fresh start, gives the example workflows their starting policies (version 1, changed by "system"). */
@Injectable()
export class PolicySeeder {
  private readonly log = new Logger(PolicySeeder.name);

  constructor(private readonly store: PolicyStore) {}

  async seedMissing(): Promise<void> {
    for (const [workflow, policy] of Object.entries(seedPolicies)) {
      if (await this.store.latest(workflow)) continue;
      try {
        await this.store.append({ workflow, policy, changedBy: 'system', reason: 'seed policy' }, 0);
        this.log.log({ msg: 'seeded policy', workflow });
      } catch (error) {
        // Another replica seeded it first.
        if (!(error instanceof ConflictException)) throw error;
      }
    }
  }
}
