import { useEffect, useRef, useState } from 'react';
import { QueueCounts, ReviewApi } from '../api/review-api';
import { formatDuration } from '../domain/review-clock';
import { Session } from '../session';

/** The workflows the reviewer may review with their queues; Enter on a row or its number key starts reviewing. */
export function Queues({ session, onStart }: { session: Session; onStart: (workflow: string) => void }) {
  const [queues, setQueues] = useState<QueueCounts[]>();
  const [error, setError] = useState<string>();
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    new ReviewApi(session.token)
      .queues()
      .then(setQueues)
      .catch((failure: Error) => setError(failure.message));
  }, [session.token]);

  const granted = session.user.principal.workflows.filter((workflow) => workflow !== '*');
  const rows = [
    ...(queues ?? []),
    ...granted
      .filter((workflow) => !queues?.some((queue) => queue.workflow === workflow))
      .map((workflow) => ({ workflow, open: 0, claimed: 0, escalated: 0, oldestCreatedAt: null, slaBreached: 0 })),
  ].sort((a, b) => a.workflow.localeCompare(b.workflow));

  useEffect(() => first.current?.focus(), [queues]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!/^[1-9]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
      const row = rows[Number(event.key) - 1];
      if (row) onStart(row.workflow);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const now = Date.now();
  return (
    <section aria-labelledby="queues-title">
      <h1 id="queues-title">Your queues</h1>
      {error && (
        <p className="error" role="alert">
          Could not load the queues: {error}
        </p>
      )}
      {!queues && !error && <p>Loading…</p>}
      {queues && rows.length === 0 && <p>No workflow is granted to you yet; ask a lead to add one to your token.</p>}
      {rows.length > 0 && (
        <table className="queues">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Workflow</th>
              <th scope="col">Open</th>
              <th scope="col">Claimed</th>
              <th scope="col">Escalated</th>
              <th scope="col">Oldest</th>
              <th scope="col">SLA breached</th>
              <th scope="col">
                <span className="visually-hidden">Start</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.workflow}>
                <td>
                  <kbd>{index + 1}</kbd>
                </td>
                <th scope="row">{row.workflow}</th>
                <td>{row.open}</td>
                <td>{row.claimed}</td>
                <td>{row.escalated}</td>
                <td>{row.oldestCreatedAt ? formatDuration(now - Date.parse(row.oldestCreatedAt)) : '—'}</td>
                <td className={row.slaBreached > 0 ? 'breach' : undefined}>{row.slaBreached}</td>
                <td>
                  <button type="button" ref={index === 0 ? first : undefined} onClick={() => onStart(row.workflow)}>
                    Review {row.workflow}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">Press a row&apos;s number, or Enter on its button, to start reviewing.</p>
    </section>
  );
}
