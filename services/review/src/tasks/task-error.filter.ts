import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InvalidVerdict, TaskError } from '../domain/task-errors';

const STATUS = { conflict: HttpStatus.CONFLICT, forbidden: HttpStatus.FORBIDDEN, invalid: HttpStatus.BAD_REQUEST };

/** The one place the task domain's typed errors become HTTP answers: 409, 403 or 400 with field errors. */
@Catch(TaskError)
export class TaskErrorFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: TaskError, host: ArgumentsHost): void {
    const status = STATUS[error.kind];
    const response: unknown = host.switchToHttp().getResponse();
    this.adapterHost.httpAdapter.reply(
      response,
      {
        statusCode: status,
        error: HttpStatus[status],
        code: error.code,
        message: error.message,
        ...(error instanceof InvalidVerdict && { fieldErrors: error.fieldErrors }),
      },
      status,
    );
  }
}
