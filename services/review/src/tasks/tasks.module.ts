import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReviewRequestedHandler } from './review-requested.handler';
import { ReviewTaskEntity } from './review-task.entity';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [TypeOrmModule.forFeature([ReviewTaskEntity])],
  controllers: [ReviewRequestedHandler, TasksController],
  providers: [TasksService],
})
export class TasksModule {}
