import { parseBrokers } from './kafka-settings';

describe('parseBrokers', () => {
  it.each([
    ['127.0.0.1:9092', ['127.0.0.1:9092']],
    ['a:1, b:2 ,c:3', ['a:1', 'b:2', 'c:3']],
    ['a:1,,', ['a:1']],
  ])('%p', (list, expected) => expect(parseBrokers(list)).toEqual(expected));
});
