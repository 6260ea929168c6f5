import { BadRequestException } from '@nestjs/common';
import { StorableTextPipe } from './storable-text.pipe';

const pipe = new StorableTextPipe();

function refusal(value: unknown, type: 'param' | 'query' | 'body', data?: string) {
  try {
    pipe.transform(value, { type, data });
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse();
  }
  throw new Error('accepted');
}

describe('StorableTextPipe', () => {
  it.each([
    ['a NUL in a route id', { id: '\u0000' }, 'param', 'id'],
    ['a lone surrogate in a query value', { decisionId: 'a\ud800' }, 'query', 'decisionId'],
    ['an over-long route id', { id: 'x'.repeat(1_025) }, 'param', 'id'],
    ['a NUL deep in a body', { policy: { rules: [{ name: 'n\u0000' }] } }, 'body', 'policy.rules.0.name'],
    ['a single named parameter', '\u0000', 'param', 'workflow'],
  ])('answers 400 naming the field for %s', (_case, value, type, field) => {
    expect(refusal(value, type as 'param', typeof value === 'string' ? 'workflow' : undefined)).toMatchObject({
      statusCode: 400,
      fieldErrors: [{ field }],
    });
  });

  it('passes ordinary values through unchanged', () => {
    const value = { id: 'd-1', note: 'Müller 😀', list: ['a'] };
    expect(pipe.transform(value, { type: 'query' })).toBe(value);
  });
});
