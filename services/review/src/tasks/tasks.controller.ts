import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CurrentPrincipal,
  Principal,
  requireWorkflowAccess,
  Roles,
  WorkflowAccess,
  WorkflowAccessInHandler,
} from '@countersign/auth';
import { badRequest } from '@countersign/platform';
import { cancel } from '../domain/cancel';
import { claim } from '../domain/claim';
import { addComment } from '../domain/comment';
import { judge } from '../domain/judge';
import { reassign } from '../domain/reassign';
import { release } from '../domain/release';
import { renewLease } from '../domain/renew-lease';
import { authorize } from '../domain/task-access';
import { OutputSchemas } from './output-schemas';
import { ReviewerThrottlerGuard } from './reviewer-throttler.guard';
import { TaskCommands } from './task-commands';
import { TaskErrorFilter } from './task-error.filter';
import {
  AddCommentRequest,
  CancelTaskRequest,
  CompleteTaskRequest,
  MyJudgmentsQuery,
  NextTaskQuery,
  ReassignTaskRequest,
  TaskIdParam,
  TaskListQuery,
} from './task-requests';
import { TaskStore } from './task-store';
import { decodeCursor, encodeCursor, taskView } from './task-view';
import { QueueView, TaskDetailView, TaskPage, TaskView, TaskWithHistoryView } from './task-views';

@ApiTags('tasks')
@ApiBearerAuth()
@Roles('reviewer')
@UseFilters(TaskErrorFilter)
@Controller('api/v1')
export class TasksController {
  constructor(
    private readonly commands: TaskCommands,
    private readonly store: TaskStore,
    private readonly schemas: OutputSchemas,
  ) {}

  @Post('tasks/next')
  @HttpCode(200)
  @UseGuards(ReviewerThrottlerGuard)
  @ApiOperation({ summary: 'Claim the next task you may take, in queue order (SLA due, error cost, age)' })
  @ApiNoContentResponse({ description: 'Nothing to review' })
  @ApiOkResponse({ type: TaskDetailView, description: 'The task, now claimed by you' })
  async next(
    @CurrentPrincipal() principal: Principal,
    @Query() query: NextTaskQuery,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ) {
    // A workflow the token does not grant is refused, not answered "nothing to review": an empty queue and a token
    // scoped elsewhere are different problems for the reviewer (and for whoever configured the token).
    if (query.workflow !== undefined) requireWorkflowAccess(principal, 'task.work', query.workflow);
    const task = await this.commands.next(principal, query.workflow);
    if (!task) {
      response.status(204);
      return undefined;
    }
    return taskView(principal, task, true);
  }

  @Post('tasks/:id/claim')
  @WorkflowAccessInHandler('task.work', 'id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim this task (a lease for REVIEW_LEASE_SECONDS)' })
  @ApiOkResponse({ type: TaskDetailView })
  @UseGuards(ReviewerThrottlerGuard)
  async claim(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParam) {
    const task = await this.commands.apply(principal, id, 'claim', (t, now) =>
      claim(t, principal.subject, now, this.commands.leaseMs),
    );
    return taskView(principal, task, true);
  }

  @Post('tasks/:id/renew')
  @WorkflowAccessInHandler('task.work', 'id')
  @HttpCode(200)
  @UseGuards(ReviewerThrottlerGuard)
  @ApiOperation({ summary: 'Extend your lease while you are still working on the task' })
  @ApiOkResponse({ type: TaskView })
  async renew(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParam) {
    const task = await this.commands.apply(principal, id, 'renew_lease', (t, now) =>
      renewLease(t, principal.subject, now, this.commands.leaseMs),
    );
    return taskView(principal, task);
  }

  @Post('tasks/:id/release')
  @WorkflowAccessInHandler('task.work', 'id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the task back to the queue before its lease expires' })
  @ApiOkResponse({ type: TaskView })
  @UseGuards(ReviewerThrottlerGuard)
  async release(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParam) {
    return taskView(
      principal,
      await this.commands.apply(principal, id, 'release', (t) => release(t, principal.subject)),
    );
  }

  @Post('tasks/:id/complete')
  @WorkflowAccessInHandler('task.work', 'id')
  @HttpCode(200)
  @UseGuards(ReviewerThrottlerGuard)
  @ApiOperation({
    summary: 'Give your verdict: approve, reject (with a reason code) or correct (with the corrected output)',
  })
  @ApiOkResponse({ type: TaskView })
  async complete(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: TaskIdParam,
    @Body() body: CompleteTaskRequest,
  ) {
    const task = await this.commands.apply(principal, id, 'judge', (t, now) =>
      judge(t, principal.subject, body, now, this.schemas.forWorkflow(t.workflow)),
    );
    return taskView(principal, task);
  }

  @Post('tasks/:id/comments')
  @WorkflowAccessInHandler('task.work', 'id')
  @HttpCode(201)
  @UseGuards(ReviewerThrottlerGuard)
  @ApiOperation({ summary: 'Add a note to a task of your workflows (any state); shown in the task and its history' })
  @ApiCreatedResponse({ type: TaskView })
  async comment(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: TaskIdParam,
    @Body() body: AddCommentRequest,
  ) {
    const task = await this.commands.apply(principal, id, 'comment', (t, now) =>
      addComment(t, principal.subject, body.text, now),
    );
    return taskView(principal, task);
  }

  @Post('tasks/:id/reassign')
  @WorkflowAccessInHandler('task.manage', 'id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the task to another reviewer (leads): the lease passes to them' })
  @ApiOkResponse({ type: TaskView })
  @UseGuards(ReviewerThrottlerGuard)
  async reassign(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: TaskIdParam,
    @Body() body: ReassignTaskRequest,
  ) {
    const task = await this.commands.apply(principal, id, 'reassign', (t, now) =>
      reassign(t, principal.subject, body.to, now, this.commands.leaseMs),
    );
    return taskView(principal, task);
  }

  @Post('tasks/:id/cancel')
  @WorkflowAccessInHandler('task.manage', 'id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the task (leads): no verdict will be recorded for it' })
  @ApiOkResponse({ type: TaskView })
  @UseGuards(ReviewerThrottlerGuard)
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: TaskIdParam,
    @Body() body: CancelTaskRequest,
  ) {
    return taskView(
      principal,
      await this.commands.apply(principal, id, 'cancel', (t, now) => cancel(t, principal.subject, now, body.reason)),
    );
  }

  @Get('tasks')
  @ApiOperation({ summary: 'Tasks of your workflows, oldest first, a page at a time (cursor)' })
  @ApiOkResponse({ type: TaskPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: TaskListQuery) {
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !cursor)
      throw badRequest([{ field: 'cursor', errors: ['cursor is not one this API gave out'] }]);
    const workflows = principal.workflows.includes('*') ? '*' : principal.workflows;
    const tasks = await this.store.find({ ...query, workflows, cursor });
    return {
      items: tasks.map((task) => taskView(principal, task)),
      nextCursor: tasks.length === query.limit ? encodeCursor(tasks[tasks.length - 1]) : null,
    };
  }

  @Get('my/judgments')
  @ApiOperation({
    summary: 'Your own recent verdicts on one workflow, newest first: time on task and evidence size (the guard)',
  })
  async myJudgments(@CurrentPrincipal() principal: Principal, @Query() query: MyJudgmentsQuery) {
    if (!principal.workflows.includes('*') && !principal.workflows.includes(query.workflow)) return { items: [] };
    const tasks = await this.store.judgedBy(principal.subject, query.workflow, query.limit);
    const items = tasks.flatMap((task) =>
      [...task.judgments, ...(task.escalation?.judgments ?? [])]
        .filter((judgment) => judgment.reviewer === principal.subject)
        .map((judgment) => ({
          taskId: task.id,
          verdict: judgment.verdict,
          givenAt: judgment.givenAt.toISOString(),
          timeOnTaskMs: judgment.timeOnTaskMs,
          evidenceChars: task.decision.evidence === undefined ? 0 : JSON.stringify(task.decision.evidence).length,
        })),
    );
    items.sort((a, b) => b.givenAt.localeCompare(a.givenAt));
    return { items: items.slice(0, query.limit) };
  }

  @Get('tasks/:id')
  @WorkflowAccessInHandler('task.read', 'id')
  @ApiOperation({ summary: 'One task with the decision, its evidence, routing reasons, policy version and history' })
  @ApiOkResponse({ type: TaskWithHistoryView })
  async get(@CurrentPrincipal() principal: Principal, @Param() { id }: TaskIdParam) {
    const task = await this.store.get(id);
    if (!task) throw new NotFoundException(`no task ${id}`);
    authorize(principal, 'view', task);
    return { ...taskView(principal, task, true), history: await this.store.history(id) };
  }

  @Get('queues')
  @ApiOperation({ summary: 'Per workflow: open, claimed and escalated counts, the oldest task, SLA breaches' })
  @ApiOkResponse({ type: QueueView, isArray: true })
  queues(@CurrentPrincipal() principal: Principal) {
    return this.store.queues(principal.workflows.includes('*') ? '*' : principal.workflows);
  }

  @Get('workflows/:workflow/output-schema')
  @WorkflowAccess('output-schema.read', { param: 'workflow' })
  @ApiOperation({ summary: "The JSON Schema of a workflow's output: what a correction must satisfy" })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true, description: 'A JSON Schema document' } })
  outputSchema(@Param('workflow') workflow: string) {
    const schema = this.schemas.forWorkflow(workflow);
    if (!schema) throw new NotFoundException(`no output schema for workflow ${workflow}`);
    return schema;
  }
}
