import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BacktestRequest } from './backtest-requests';

describe('a backtest request', () => {
  const problems = (body: object) =>
    validateSync(plainToInstance(BacktestRequest, body)).map((error) => error.property);

  it('names one workflow: without it the backtest would pool every granted workflow into one misleading figure', () => {
    expect(problems({ threshold: 0.9 })).toContain('workflow');
    expect(problems({ workflow: 'contract-review', threshold: 0.9 })).toEqual([]);
  });

  it('keeps the scope fields it inherits, validated', () => {
    expect(problems({ workflow: 'contract-review', threshold: 0.9, from: 'yesterday' })).toContain('from');
  });
});
