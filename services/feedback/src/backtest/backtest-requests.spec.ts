import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ReviewerScope } from '../statistics/statistics-requests';
import { BacktestRequest } from './backtest-requests';

describe('a backtest request', () => {
  const problems = (body: object) =>
    validateSync(plainToInstance(BacktestRequest, body)).map((error) => error.property);

  it('names one workflow: without it the backtest would pool every granted workflow into one misleading figure', () => {
    expect(problems({ threshold: 0.9 })).toContain('workflow');
    const [missing] = validateSync(plainToInstance(BacktestRequest, { threshold: 0.9 }));
    expect(Object.values(missing.constraints ?? {})).toEqual(['workflow is required: name one workflow']);
    expect(problems({ workflow: 'contract-review', threshold: 0.9 })).toEqual([]);
  });

  it('keeps the scope fields it inherits, validated', () => {
    expect(problems({ workflow: 'contract-review', threshold: 0.9, from: 'yesterday' })).toContain('from');
  });
});

describe('a question about one workflow’s reviewers', () => {
  it('names the workflow: the guard effect and reviewer quality answer about one', () => {
    const missing = validateSync(plainToInstance(ReviewerScope, {})).map((error) => error.property);
    expect(missing).toContain('workflow');
    expect(validateSync(plainToInstance(ReviewerScope, { workflow: 'invoice-coding' }))).toEqual([]);
  });
});
