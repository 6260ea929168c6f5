/** Where the reviewer is on the review screen; keys mean different things in each. */
export type ReviewMode = 'reading' | 'approve' | 'confirm-fast-approve' | 'reject' | 'correct' | 'help';

export type KeyAction =
  | { type: 'choose'; verdict: 'approve' | 'reject' | 'correct' }
  | { type: 'reason'; index: number }
  | { type: 'submit' }
  | { type: 'cancel' }
  | { type: 'help' }
  | { type: 'none' };

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focus is in a text control (input, textarea, select), where letters are typing, not commands. */
  inTextControl?: boolean;
  /** The focus is in a multi-line control, where Enter is a new line and Ctrl+Enter submits. */
  inMultiline?: boolean;
}

/** Every shortcut, for the `?` help; the keymap below is the single place that gives them meaning. */
export const SHORTCUTS: Array<{ keys: string; does: string }> = [
  { keys: 'A', does: 'approve: the AI output stands' },
  { keys: 'R', does: 'reject, then 1–9 picks the reason' },
  { keys: 'E', does: 'correct: edit the output in the form' },
  { keys: 'Enter', does: 'submit the verdict (Ctrl+Enter inside a multi-line field)' },
  { keys: 'Esc', does: 'back to reading, nothing sent' },
  { keys: 'Tab / Shift+Tab', does: 'move between form fields and buttons' },
  { keys: '?', does: 'show or hide these shortcuts' },
];

const VERDICT_KEYS: Record<string, 'approve' | 'reject' | 'correct'> = { a: 'approve', r: 'reject', e: 'correct' };

/** What a key press does in a mode. Letters typed into a form field are never taken as commands. */
export function keyAction(mode: ReviewMode, press: KeyPress): KeyAction {
  const { key } = press;
  if (key === 'Escape') return { type: 'cancel' };
  if (press.altKey || ((press.ctrlKey || press.metaKey) && key !== 'Enter')) return { type: 'none' };
  if (key === 'Enter') {
    if (mode === 'reading' || mode === 'help') return { type: 'none' };
    if (press.inMultiline && !(press.ctrlKey || press.metaKey)) return { type: 'none' };
    return { type: 'submit' };
  }
  if (press.inTextControl) return { type: 'none' };
  if (key === '?') return { type: 'help' };
  if (mode === 'help') return { type: 'none' };
  if (mode === 'reject' && /^[1-9]$/.test(key)) return { type: 'reason', index: Number(key) - 1 };
  const verdict = VERDICT_KEYS[key.toLowerCase()];
  return verdict ? { type: 'choose', verdict } : { type: 'none' };
}
