import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FinalOutcomeEntity } from './final-outcome.entity';
import { OutcomesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';

/**
 * GET /api/v1/outcomes/summary over the service's `final_outcomes` table (in the service's own schema, created by its
 * own migration). Feedback and audit both serve it, with the same contract; the module exports the entity's
 * repository so a service can write the table its own way.
 */
@Module({
  imports: [TypeOrmModule.forFeature([FinalOutcomeEntity])],
  controllers: [OutcomesController],
  providers: [OutcomesService],
  exports: [OutcomesService, TypeOrmModule],
})
export class OutcomesModule {}
