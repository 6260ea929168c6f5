import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FinalOutcomeEntity } from './final-outcome.entity';
import { OutcomesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';

@Module({
  imports: [TypeOrmModule.forFeature([FinalOutcomeEntity])],
  controllers: [OutcomesController],
  providers: [OutcomesService],
})
export class OutcomesModule {}
