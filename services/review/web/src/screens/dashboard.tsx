import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { catchRate, measuredAccuracy, reviewRate, workflowPolicies } from '../api/oversight';
import { QueueCounts, ReviewApi } from '../api/review-api';
import { uiConfig } from '../api/ui-config';
import { formatDuration } from '../domain/review-clock';
import { hasRole } from '../domain/token-claims';
import { Session } from '../session';
import { BacktestPlot } from './backtest-plot';
import { RiskRuleUpdates } from './risk-rule-updates';

interface WorkflowRow {
  workflow: string;
  trustLevel?: number;
  threshold?: number;
  reviewRate?: number;
  queue?: QueueCounts;
  accuracy?: number;
  catchRate?: number;
}

const NO_DATA = 'no data yet';

/** Per workflow: trust level, review rate, queue age, measured accuracy and catch rate. Leads and admins. */
export function Dashboard({ session }: { session: Session }) {
  const [rows, setRows] = useState<WorkflowRow[]>();
  const [error, setError] = useState<string>();
  const [now] = useState(Date.now);

  useEffect(() => {
    const load = async () => {
      const config = await uiConfig();
      const [queues, policies] = await Promise.all([
        new ReviewApi(session.token).queues(),
        workflowPolicies(config, session.token),
      ]);
      const names = [...new Set([...(policies ?? []).map((p) => p.workflow), ...queues.map((q) => q.workflow)])].sort();
      return Promise.all(
        names.map(async (workflow): Promise<WorkflowRow> => {
          const policy = policies?.find((p) => p.workflow === workflow)?.policy;
          const [rate, accuracy, caught] = await Promise.all([
            reviewRate(config, session.token, workflow),
            measuredAccuracy(config, session.token, workflow),
            catchRate(config, session.token, workflow),
          ]);
          return {
            workflow,
            trustLevel: policy?.trustLevel,
            threshold: policy?.threshold,
            reviewRate: rate,
            queue: queues.find((q) => q.workflow === workflow),
            accuracy,
            catchRate: caught,
          };
        }),
      );
    };
    load().then(setRows, (failure: Error) => setError(failure.message));
  }, [session.token]);

  if (!hasRole(session.user.principal, 'lead')) {
    return <p>The oversight dashboard is for leads and admins.</p>;
  }
  const percent = (value?: number) => (value === undefined ? NO_DATA : `${(value * 100).toFixed(1)} %`);
  const queueChart = (rows ?? []).map((row) => ({
    workflow: row.workflow,
    open: row.queue?.open ?? 0,
    claimed: row.queue?.claimed ?? 0,
    escalated: row.queue?.escalated ?? 0,
  }));
  const quality = (rows ?? [])
    .filter((row) => row.accuracy !== undefined || row.catchRate !== undefined)
    .map((row) => ({ workflow: row.workflow, accuracy: row.accuracy, catchRate: row.catchRate }));

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">Oversight</h1>
      {error && (
        <p className="error" role="alert">
          Could not load the dashboard: {error}
        </p>
      )}
      {!rows && !error && <p>Loading…</p>}
      {rows && (
        <>
          <table className="oversight">
            <thead>
              <tr>
                <th scope="col">Workflow</th>
                <th scope="col">Trust level</th>
                <th scope="col">Threshold</th>
                <th scope="col">Review rate</th>
                <th scope="col">Queue</th>
                <th scope="col">Oldest task</th>
                <th scope="col">Accuracy</th>
                <th scope="col">Catch rate</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.workflow}>
                  <th scope="row">{row.workflow}</th>
                  <td>{row.trustLevel ?? NO_DATA}</td>
                  <td>{row.threshold?.toFixed(2) ?? NO_DATA}</td>
                  <td>{percent(row.reviewRate)}</td>
                  <td>{row.queue ? row.queue.open + row.queue.claimed + row.queue.escalated : 0}</td>
                  <td>
                    {row.queue?.oldestCreatedAt ? formatDuration(now - Date.parse(row.queue.oldestCreatedAt)) : '—'}
                  </td>
                  <td>{percent(row.accuracy)}</td>
                  <td>{percent(row.catchRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="charts">
            <figure>
              <figcaption>Tasks waiting, by workflow</figcaption>
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={queueChart}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="workflow" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="open" stackId="q" fill="#2563eb" isAnimationActive={false} />
                  <Bar dataKey="claimed" stackId="q" fill="#16a34a" isAnimationActive={false} />
                  <Bar dataKey="escalated" stackId="q" fill="#dc2626" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <figure>
              <figcaption>Measured accuracy and catch rate</figcaption>
              {quality.length === 0 ? (
                <p className="no-data">No data yet: the feedback and audit services have not measured these.</p>
              ) : (
                <ResponsiveContainer width="100%" height={260}>
                  <BarChart data={quality}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="workflow" />
                    <YAxis domain={[0, 1]} />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="accuracy" fill="#7c3aed" isAnimationActive={false} />
                    <Bar dataKey="catchRate" name="catch rate" fill="#ea580c" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              )}
            </figure>
          </div>
          <BacktestPlot session={session} workflows={rows.map((row) => row.workflow)} />
          <RiskRuleUpdates session={session} />
        </>
      )}
    </section>
  );
}
