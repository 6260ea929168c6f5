import { Module } from '@nestjs/common';
import { EstimatesController } from './estimates.controller';
import { JudgedHistoryStore } from './judged-history-store';

@Module({
  controllers: [EstimatesController],
  providers: [JudgedHistoryStore],
  exports: [JudgedHistoryStore],
})
export class EstimatesModule {}
