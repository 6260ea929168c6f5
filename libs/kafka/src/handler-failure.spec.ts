import { classifyHandlerFailure, deadLetterReasonFor, describeHandlerFailure } from './handler-failure';

const pg = (code: string, message = 'pg error') => Object.assign(new Error(message), { code });
// TypeORM's QueryFailedError keeps pg's error as driverError.
const typeorm = (code: string) => Object.assign(new Error('query failed'), { driverError: { code } });

describe('classifyHandlerFailure', () => {
  it.each([
    ['NUL in text (22021)', pg('22021'), 'data'],
    ['unsupported Unicode escape in jsonb (22P05)', pg('22P05'), 'data'],
    ['date/time out of range, wrapped by TypeORM (22008)', typeorm('22008'), 'data'],
    ['a check constraint (23514)', pg('23514'), 'data'],
    ['an index row too large (54000)', pg('54000'), 'data'],
    ['the server shutting down (57P01)', pg('57P01'), 'unavailable'],
    ['a lost connection (08006)', pg('08006'), 'unavailable'],
    ['too many connections (53300)', pg('53300'), 'unavailable'],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unavailable'],
    ['pg-pool giving up', new Error('timeout exceeded when trying to connect'), 'unavailable'],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly'), 'unavailable'],
    ['a statement timeout (57014)', pg('57014'), 'unknown'],
    ['a deadlock (40P01)', pg('40P01'), 'unavailable'],
    ['a serialization failure (40001)', pg('40001'), 'unavailable'],
    ['a lock timeout (55P03)', pg('55P03'), 'unavailable'],
    ['disk full (53100)', pg('53100'), 'unavailable'],
    ['read-only after a failover (25006)', typeorm('25006'), 'unavailable'],
    ['a bug', new TypeError('x is undefined'), 'unknown'],
    ["Nest's anonymous RPC error", { status: 'error', message: 'Internal server error' }, 'unknown'],
  ])('%s is %s', (_case, error, kind) => {
    expect(classifyHandlerFailure(error)).toBe(kind);
  });

  it('names data errors store_rejected and the rest handler_failed, with the SQLSTATE in the line', () => {
    expect(deadLetterReasonFor('data')).toBe('store_rejected');
    expect(deadLetterReasonFor('unknown')).toBe('handler_failed');
    expect(describeHandlerFailure(typeorm('22008'))).toBe('SQLSTATE 22008: query failed');
  });
});
