import { Module } from '@nestjs/common';
import { CheckpointsModule } from '../checkpoints/checkpoints.module';
import { ReportsModule } from '../reports/reports.module';
import { EvidenceStore } from './evidence-store';
import { EvidencePackService } from './evidence-pack.service';
import { EvidencePacksController } from './evidence-packs.controller';

@Module({
  imports: [ReportsModule, CheckpointsModule],
  controllers: [EvidencePacksController],
  providers: [EvidenceStore, EvidencePackService],
})
export class EvidencePackModule {}
