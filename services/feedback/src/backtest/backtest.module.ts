import { Module } from '@nestjs/common';
import { EstimatesModule } from '../estimates/estimates.module';
import { BacktestController } from './backtest.controller';

@Module({ imports: [EstimatesModule], controllers: [BacktestController] })
export class BacktestModule {}
