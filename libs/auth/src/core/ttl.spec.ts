import { parseTtl } from './ttl';

describe('parseTtl', () => {
  it.each([
    ['3600', 3600],
    ['90s', 90],
    ['15m', 900],
    ['8h', 28_800],
    ['1d', 86_400],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseTtl(text)).toBe(seconds);
  });

  it.each(['', '0', '0h', '-5m', '1.5h', '8 hours', 'h', '15M', '99999999999999999d'])('refuses "%s"', (text) => {
    expect(() => parseTtl(text)).toThrow(/like 90s, 15m, 8h, 1d/);
  });
});
