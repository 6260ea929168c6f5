import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics/statistics.module';
import { OversightController } from './oversight.controller';
import { OversightStore } from './oversight-store';
import { OversightService } from './oversight.service';

@Module({
  imports: [StatisticsModule],
  controllers: [OversightController],
  providers: [OversightStore, OversightService],
})
export class OversightModule {}
