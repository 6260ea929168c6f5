import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ActivePolicies } from './active-policies';
import { GovernanceController } from './governance.controller';
import { GovernanceStore } from './governance-store';
import { PoliciesController } from './policies.controller';
import { PolicyGovernance } from './policy-governance.service';
import { PoliciesService } from './policies.service';
import { PolicySeeder } from './policy-seeder';
import { PolicyStore } from './policy-store';
import { SamplingRotationStore } from './sampling-rotation-store';
import { SamplingSecret } from './sampling-secret';

@Module({
  imports: [LedgerModule],
  controllers: [PoliciesController, GovernanceController],
  providers: [
    PolicyStore,
    PolicySeeder,
    SamplingSecret,
    SamplingRotationStore,
    ActivePolicies,
    PoliciesService,
    GovernanceStore,
    PolicyGovernance,
  ],
  exports: [ActivePolicies],
})
export class PoliciesModule {}
