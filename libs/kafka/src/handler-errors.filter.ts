import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { Observable, throwError } from 'rxjs';

/**
 * Hands a Kafka handler's exception to KafkaBatchTransport as it was thrown. Nest's default RPC filter replaces any
 * unknown error by `{ status: 'error', message: 'Internal server error' }`, and the transport could then no longer
 * tell a Postgres data error (SQLSTATE class 22/23: dead-letter the record) from an outage (retry). HTTP exceptions
 * get Nest's default handling. Installed app-wide by runService before the microservice is connected: Nest binds a
 * microservice's handlers, with the filters known then, at connect time.
 */
@Catch()
export class HandlerErrorsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    return super.catch(exception, host);
  }
}
