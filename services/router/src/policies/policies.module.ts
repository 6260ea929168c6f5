import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ActivePolicies } from './active-policies';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { PolicySeeder } from './policy-seeder';
import { PolicyStore } from './policy-store';
import { SamplingRotationStore } from './sampling-rotation-store';
import { SamplingSecret } from './sampling-secret';

@Module({
  imports: [LedgerModule],
  controllers: [PoliciesController],
  providers: [PolicyStore, PolicySeeder, SamplingSecret, SamplingRotationStore, ActivePolicies, PoliciesService],
  exports: [ActivePolicies],
})
export class PoliciesModule {}
