import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DecisionV1, REVIEW_KINDS, RoutingFacts, VERDICTS } from '@countersign/contracts';
import { TASK_GROUPS, ESCALATION_REASONS } from '../domain/review-task';
import { TASK_STATES } from '../domain/task-state';

// The answers of the tasks API as OpenAPI schemas (what taskView and the store return). Responses, not requests: no
// validation rules, and members may be added later, so clients must ignore what they do not know.

export class JudgmentView {
  @ApiProperty({ enum: VERDICTS }) verdict!: string;
  @ApiPropertyOptional() reasonCode?: string;
  @ApiPropertyOptional() comment?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) correction?: object;
  @ApiProperty() reviewer!: string;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ description: 'From the claim (or reassignment) to the verdict' }) timeOnTaskMs!: number;
}

export class LeaseView {
  @ApiProperty() holder!: string;
  @ApiProperty({ format: 'date-time' }) claimedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Exclusive: at this instant the lease has expired' })
  expiresAt!: string;
}

export class EscalationView {
  @ApiProperty({ enum: ESCALATION_REASONS }) reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ type: () => [JudgmentView], description: 'The judgments set aside because they disagreed' })
  judgments?: JudgmentView[];
}

export class TaskOutcomeView {
  @ApiProperty({ enum: VERDICTS }) verdict!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "The AI's output when approved, the correction when corrected, null when rejected",
  })
  finalOutput!: object | null;
  @ApiProperty({ type: [String] }) reviewers!: string[];
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
}

export class TaskCommentView {
  @ApiProperty() author!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class TaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() decisionId!: string;
  @ApiProperty({ enum: REVIEW_KINDS }) kind!: string;
  @ApiProperty() workflow!: string;
  @ApiProperty({ enum: TASK_STATES }) state!: string;
  @ApiProperty({ enum: TASK_GROUPS }) group!: string;
  @ApiProperty({ type: 'integer', description: 'Distinct reviewers who must agree (four-eyes = 2)' })
  requiredApprovals!: number;
  @ApiProperty({ type: () => [JudgmentView] }) judgments!: JudgmentView[];
  @ApiProperty({ type: () => LeaseView, nullable: true }) lease!: LeaseView | null;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: 'number', nullable: true }) errorCost!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'integer', description: 'Optimistic-concurrency version; one higher after each change' })
  version!: number;
  @ApiProperty({ type: () => EscalationView, nullable: true }) escalation!: EscalationView | null;
  @ApiProperty({ type: () => TaskOutcomeView, nullable: true }) outcome!: TaskOutcomeView | null;
  @ApiProperty({ type: () => [TaskCommentView] }) comments!: TaskCommentView[];
}

/** A task with the AI's decision and the routing facts: what a reviewer needs to judge it. */
export class TaskDetailView extends TaskView {
  @ApiProperty({ type: () => DecisionV1 }) decision!: DecisionV1;
  @ApiProperty({ type: () => RoutingFacts }) routing!: RoutingFacts;
}

export class TaskHistoryEntry {
  @ApiProperty({ example: 'claimed' }) event!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: object;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class TaskWithHistoryView extends TaskDetailView {
  @ApiProperty({ type: () => [TaskHistoryEntry] }) history!: TaskHistoryEntry[];
}

export class TaskPage {
  @ApiProperty({ type: () => [TaskView] }) items!: TaskView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null at the end' })
  nextCursor!: string | null;
}

export class QueueView {
  @ApiProperty() workflow!: string;
  @ApiProperty({ type: 'integer' }) open!: number;
  @ApiProperty({ type: 'integer' }) claimed!: number;
  @ApiProperty({ type: 'integer' }) escalated!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) oldestCreatedAt!: string | null;
  @ApiProperty({ type: 'integer' }) slaBreached!: number;
}
