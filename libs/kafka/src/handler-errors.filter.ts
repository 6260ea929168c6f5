import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands a Kafka handler's exception to KafkaBatchTransport as it was thrown. Nest's default RPC filter replaces any
 * unknown error by `{ status: 'error', message: 'Internal server error' }`, and the transport could then no longer
 * tell a Postgres data error (SQLSTATE class 22/23: dead-letter the record) from an outage (retry). Install it on the
 * microservice, not the HTTP app: runService does.
 */
@Catch()
export class HandlerErrorsFilter implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
