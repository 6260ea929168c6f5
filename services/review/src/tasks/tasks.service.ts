import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryDeepPartialEntity, Repository } from 'typeorm';
import { NewTask } from '../domain/new-task';
import { ReviewTaskEntity } from './review-task.entity';
import { TaskQuery } from './task-query';

@Injectable()
export class TasksService {
  constructor(@InjectRepository(ReviewTaskEntity) private readonly tasks: Repository<ReviewTaskEntity>) {}

  /**
   * Stores the task unless its (decision, kind) already has one, and says whether it did. Redelivered requests are
   * expected under at-least-once delivery, so a duplicate is not an error; the unique constraint on (decision_id,
   * kind) is the only one a new row can hit (the id is freshly generated), so ignoring conflicts ignores exactly those.
   */
  async open(task: NewTask): Promise<boolean> {
    const result = await this.tasks
      .createQueryBuilder()
      .insert()
      .into(ReviewTaskEntity)
      // TypeORM's deep-partial type cannot express JSON values typed `unknown` (the decision's output).
      .values(task as QueryDeepPartialEntity<ReviewTaskEntity>)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** Oldest first: the queue order, in which the task that has waited longest is looked at first. */
  find(query: TaskQuery): Promise<ReviewTaskEntity[]> {
    return this.tasks.find({
      where: { decisionId: query.decisionId, workflow: query.workflow },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: query.limit,
    });
  }
}
