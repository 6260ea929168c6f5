import { keyAction, ReviewMode } from './keymap';

describe('keyAction', () => {
  it.each<[ReviewMode, string, ReturnType<typeof keyAction>]>([
    ['reading', 'a', { type: 'choose', verdict: 'approve' }],
    ['reading', 'A', { type: 'choose', verdict: 'approve' }],
    ['reading', 'r', { type: 'choose', verdict: 'reject' }],
    ['reading', 'e', { type: 'choose', verdict: 'correct' }],
    ['reading', 'Enter', { type: 'none' }],
    ['reading', '?', { type: 'help' }],
    ['reading', '1', { type: 'none' }],
    ['approve', 'Enter', { type: 'submit' }],
    ['approve', 'r', { type: 'choose', verdict: 'reject' }],
    ['confirm-fast-approve', 'Enter', { type: 'submit' }],
    ['reject', '2', { type: 'reason', index: 1 }],
    ['reject', 'Enter', { type: 'submit' }],
    ['correct', 'Escape', { type: 'cancel' }],
    ['help', 'a', { type: 'none' }],
    ['help', '?', { type: 'help' }],
    ['help', 'Escape', { type: 'cancel' }],
  ])('in %s, %s does %j', (mode, key, action) => {
    expect(keyAction(mode, { key })).toEqual(action);
  });

  it('approves in two keystrokes from reading: A then Enter', () => {
    expect(keyAction('reading', { key: 'a' })).toEqual({ type: 'choose', verdict: 'approve' });
    expect(keyAction('approve', { key: 'Enter' })).toEqual({ type: 'submit' });
  });

  it('lets letters typed into a form field be text, and Enter submit from a one-line field', () => {
    expect(keyAction('correct', { key: 'a', inTextControl: true })).toEqual({ type: 'none' });
    expect(keyAction('correct', { key: '?', inTextControl: true })).toEqual({ type: 'none' });
    expect(keyAction('correct', { key: 'Enter', inTextControl: true })).toEqual({ type: 'submit' });
  });

  it('keeps Enter as a new line in a multi-line field; Ctrl+Enter submits', () => {
    expect(keyAction('correct', { key: 'Enter', inTextControl: true, inMultiline: true })).toEqual({ type: 'none' });
    expect(keyAction('correct', { key: 'Enter', inTextControl: true, inMultiline: true, ctrlKey: true })).toEqual({
      type: 'submit',
    });
  });

  it('leaves browser shortcuts alone', () => {
    expect(keyAction('reading', { key: 'r', ctrlKey: true })).toEqual({ type: 'none' });
    expect(keyAction('reading', { key: 'a', altKey: true })).toEqual({ type: 'none' });
  });
});
