import { liveToken, replaceToken } from './session';

// Screens keep the token they were built with; a renewal must reach their later requests without re-running them.
describe('the live token of a session', () => {
  it('sends the renewed token for requests built with any earlier token of the session', () => {
    replaceToken('token-1');
    expect(liveToken('token-1')).toBe('token-1');
    replaceToken('token-2');
    replaceToken('token-3');
    expect(liveToken('token-1')).toBe('token-3');
    expect(liveToken('token-2')).toBe('token-3');
    expect(liveToken('token-3')).toBe('token-3');
  });

  it('never swaps a token the session did not hold (another session, a pasted one)', () => {
    replaceToken('token-4');
    expect(liveToken('someone-elses-token')).toBe('someone-elses-token');
  });
});
