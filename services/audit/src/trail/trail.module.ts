import { Global, Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DecisionWorkflowLookup } from './decision-workflow-lookup';
import { TrailController } from './trail.controller';
import { TrailStore } from './trail-store';
import { TrailVerifier } from './trail-verifier';

@Global()
@Module({
  controllers: [TrailController],
  providers: [TrailStore, TrailVerifier, DecisionWorkflowLookup],
  exports: [TrailStore, TrailVerifier],
})
export class TrailModule implements OnModuleInit {
  constructor(
    private readonly store: TrailStore,
    private readonly config: ConfigService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureChains(Number(this.config.getOrThrow('AUDIT_CHAINS')));
  }
}
