import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../domain/keymap';

/** Every shortcut, opened and closed with `?` (or Esc). */
export function ShortcutHelp() {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => dialog.current?.focus(), []);
  return (
    <div className="help" role="dialog" aria-modal="true" aria-labelledby="help-title" tabIndex={-1} ref={dialog}>
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.keys}>
              <th scope="row">
                <kbd>{shortcut.keys}</kbd>
              </th>
              <td>{shortcut.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Press ? or Esc to close.</p>
    </div>
  );
}
