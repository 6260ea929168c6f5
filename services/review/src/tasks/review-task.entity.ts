import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecisionV1, ReviewKind, RoutingFacts } from '@countersign/contracts';
import { TaskState } from '../domain/task-state';

/**
 * A row of review.tasks (see the CreateTasks migration for constraints). Named `...Entity` so that `ReviewTask` stays
 * free for the domain's task and its state machine.
 */
@Entity({ name: 'tasks' })
export class ReviewTaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'decision_id', type: 'text' })
  decisionId!: string;

  @Column({ type: 'text' })
  kind!: ReviewKind;

  @Column({ type: 'text' })
  workflow!: string;

  @Column({ type: 'text' })
  state!: TaskState;

  @Column({ type: 'jsonb' })
  routing!: RoutingFacts;

  @Column({ type: 'jsonb' })
  decision!: DecisionV1;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
