import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TaskQuery } from './task-query';
import { TaskView } from './task-view';
import { TasksService } from './tasks.service';

// Open to anyone who can reach the port for now: authentication and per-workflow authorisation arrive with issue #4
// (reviewer JWT), and this API must not be exposed beyond the cluster before then.
@ApiTags('tasks')
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'List review tasks, oldest first, optionally for one decision or workflow' })
  @ApiOkResponse({ type: TaskView, isArray: true })
  async list(@Query() query: TaskQuery): Promise<TaskView[]> {
    const tasks = await this.tasks.find(query);
    return tasks.map((task) => TaskView.from(task));
  }
}
