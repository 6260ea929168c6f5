import { ApiProperty } from '@nestjs/swagger';
import { REVIEW_KINDS, ReviewKind, RoutingFacts } from '@countersign/contracts';
import { TASK_STATES, TaskState } from '../domain/task-state';
import { ReviewTaskEntity } from './review-task.entity';

/** A task as the API shows it. The decision itself is left out of the list; a task's detail view will carry it. */
export class TaskView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  decisionId!: string;

  @ApiProperty({ enum: REVIEW_KINDS })
  kind!: ReviewKind;

  @ApiProperty({ example: 'contract-review' })
  workflow!: string;

  @ApiProperty({ enum: TASK_STATES })
  state!: TaskState;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Why the decision came to review.' })
  routing!: RoutingFacts;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(task: ReviewTaskEntity): TaskView {
    return {
      id: task.id,
      decisionId: task.decisionId,
      kind: task.kind,
      workflow: task.workflow,
      state: task.state,
      routing: task.routing,
      createdAt: task.createdAt.toISOString(),
    };
  }
}
