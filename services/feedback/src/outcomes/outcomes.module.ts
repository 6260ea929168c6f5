import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FinalDecisionHandler } from './final-decision.handler';
import { FinalOutcomeEntity } from './final-outcome.entity';
import { OutcomesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';

@Module({
  imports: [TypeOrmModule.forFeature([FinalOutcomeEntity])],
  controllers: [FinalDecisionHandler, OutcomesController],
  providers: [OutcomesService],
})
export class OutcomesModule {}
