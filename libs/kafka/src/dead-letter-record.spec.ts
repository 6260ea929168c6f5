import { DeadLetterHeaders, Topics } from '@countersign/contracts';
import { deadLetterRecord } from './dead-letter-record';
import { InboundRecord } from './records';

describe('deadLetterRecord', () => {
  const original: InboundRecord = {
    topic: Topics.decisions,
    partition: 4,
    offset: '1234',
    key: Buffer.from('decision-1'),
    value: Buffer.from([0xff, 0x00, 0x7b, 0x22]),
    headers: { 'trace-id': 'abc' },
    timestamp: '0',
  };
  const letter = deadLetterRecord(
    original,
    'schema_violation',
    ['confidence: must not be greater than 1'],
    'router',
    new Date('2026-11-25T10:00:00Z'),
  );

  it('keeps the original key and value bytes unchanged', () => {
    expect(letter.topic).toBe(Topics.decisionsDeadLetter);
    expect(letter.key).toEqual(original.key);
    expect(Buffer.compare(letter.value, original.value as Buffer)).toBe(0);
  });

  it('says why and where it failed, and keeps the original headers', () => {
    expect(letter.headers).toEqual({
      'trace-id': 'abc',
      [DeadLetterHeaders.reason]: 'schema_violation',
      [DeadLetterHeaders.errors]: '["confidence: must not be greater than 1"]',
      [DeadLetterHeaders.sourceTopic]: Topics.decisions,
      [DeadLetterHeaders.sourcePartition]: '4',
      [DeadLetterHeaders.sourceOffset]: '1234',
      [DeadLetterHeaders.failedAt]: '2026-11-25T10:00:00.000Z',
      [DeadLetterHeaders.service]: 'router',
    });
  });

  it('dead-letters a record without a value as an empty value', () => {
    expect(
      deadLetterRecord({ ...original, value: null }, 'empty_payload', [], 'router', new Date()).value,
    ).toHaveLength(0);
  });
});
