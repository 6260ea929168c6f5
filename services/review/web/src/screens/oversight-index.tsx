import { useEffect, useState } from 'react';
import { workflowPolicies } from '../api/oversight';
import { ReviewApi } from '../api/review-api';
import { uiConfig } from '../api/ui-config';
import { Session } from '../session';

/** The workflows a lead's token grants, each a link to its trends and evidence pack. */
export function OversightIndex({ session, onOpen }: { session: Session; onOpen: (workflow: string) => void }) {
  const [workflows, setWorkflows] = useState<string[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    (async () => {
      const config = await uiConfig();
      const [queues, policies] = await Promise.all([
        new ReviewApi(session.token).queues(),
        workflowPolicies(config, session.token),
      ]);
      return [...new Set([...(policies ?? []).map((p) => p.workflow), ...queues.map((q) => q.workflow)])].sort();
    })().then(setWorkflows, (failure: Error) => setError(failure.message));
  }, [session.token]);

  return (
    <section aria-labelledby="trends-index-title">
      <h1 id="trends-index-title">Oversight trends and evidence</h1>
      {error && (
        <p className="error" role="alert">
          Could not list workflows: {error}
        </p>
      )}
      {!workflows && !error && <p>Loading…</p>}
      {workflows?.length === 0 && <p>No workflow yet.</p>}
      <ul>
        {workflows?.map((workflow) => (
          <li key={workflow}>
            <a
              href={`/oversight/${workflow}`}
              onClick={(event) => {
                event.preventDefault();
                onOpen(workflow);
              }}
            >
              {workflow}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
