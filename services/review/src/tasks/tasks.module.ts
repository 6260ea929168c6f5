import { Module } from '@nestjs/common';
import { PreparedStatements } from '../database/prepared-statements';
import { OutputSchemas } from './output-schemas';
import { QueueHealthStore } from './queue-health-store';
import { QueueMetrics } from './queue-metrics';
import { ReviewRequestedHandler } from './review-requested.handler';
import { ReviewerThrottlerGuard } from './reviewer-throttler.guard';
import { TaskCommands } from './task-commands';
import { TaskScheduler } from './task-scheduler';
import { TaskStore } from './task-store';
import { TasksController } from './tasks.controller';
import { WebhookNotifier } from './webhook-notifier';

@Module({
  controllers: [ReviewRequestedHandler, TasksController],
  providers: [
    PreparedStatements,
    TaskStore,
    TaskCommands,
    TaskScheduler,
    OutputSchemas,
    WebhookNotifier,
    ReviewerThrottlerGuard,
    QueueHealthStore,
    QueueMetrics,
  ],
})
export class TasksModule {}
