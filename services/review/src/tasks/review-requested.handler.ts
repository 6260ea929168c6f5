import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { decodeEvent, ReviewRequestedV1, Topics } from '@countersign/contracts';
import { InboundRecord, RecordOutcome } from '@countersign/kafka';
import { newTask } from '../domain/new-task';
import { TasksService } from './tasks.service';

/** Opens a review task for each review request. A failure to store throws, so the batch is redelivered. */
@Controller()
export class ReviewRequestedHandler {
  private readonly log = new Logger(ReviewRequestedHandler.name);

  constructor(private readonly tasks: TasksService) {}

  @EventPattern(Topics.reviewRequested)
  async open(@Payload() record: InboundRecord): Promise<RecordOutcome> {
    const decoded = decodeEvent(ReviewRequestedV1, record.value);
    if (!decoded.ok) return RecordOutcome.deadLetter(decoded.reason, decoded.errors);
    const task = newTask(decoded.value);
    const opened = await this.tasks.open(task);
    this.log.log({
      msg: opened ? 'task opened' : 'task already open',
      decisionId: task.decisionId,
      kind: task.kind,
      workflow: task.workflow,
    });
    return RecordOutcome.done();
  }
}
