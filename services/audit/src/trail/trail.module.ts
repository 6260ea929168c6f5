import { Global, Module, OnModuleInit } from '@nestjs/common';
import { DecisionWorkflowLookup } from './decision-workflow-lookup';
import { TrailController } from './trail.controller';
import { TrailStore } from './trail-store';
import { TrailVerifier } from './trail-verifier';
import { TypedConfig } from '@countersign/platform';
import { AuditEnvironment } from '../audit-environment';

@Global()
@Module({
  controllers: [TrailController],
  providers: [TrailStore, TrailVerifier, DecisionWorkflowLookup],
  exports: [TrailStore, TrailVerifier],
})
export class TrailModule implements OnModuleInit {
  constructor(
    private readonly store: TrailStore,
    private readonly config: TypedConfig<AuditEnvironment>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureChains(this.config.get('AUDIT_CHAINS'));
  }
}
