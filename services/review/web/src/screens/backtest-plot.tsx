import { useEffect, useId, useState } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  LabelList,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { BacktestInterval, BacktestPoint, backtestSweep } from '../api/backtest';
import { uiConfig } from '../api/ui-config';
import { Session } from '../session';

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
const withInterval = (i: BacktestInterval) => `${percent(i.estimate)} (${percent(i.lower)}–${percent(i.upper)})`;

/**
 * What a threshold would have cost and risked on a workflow's judged history: reviews against released error, each
 * with its 95% interval, from feedback's backtest sweep. The plot has a table beside it with the same figures and a
 * text label on every point, so nothing is told by colour alone.
 */
export function BacktestPlot({ session, workflows }: { session: Session; workflows: readonly string[] }) {
  const [workflow, setWorkflow] = useState<string>();
  const [points, setPoints] = useState<BacktestPoint[] | null>();
  const selectId = useId();
  const chosen = workflow ?? workflows[0];

  useEffect(() => {
    if (!chosen) return;
    setPoints(undefined);
    uiConfig()
      .then((config) => backtestSweep(config, session.token, chosen))
      .then(
        (answer) => setPoints(answer ?? null),
        () => setPoints(null),
      );
  }, [chosen, session.token]);

  if (!chosen) return null;
  const data = (points ?? []).map((point) => ({
    label: `t ${point.policy.threshold}`,
    reviews: 100 * point.reviewShare.estimate,
    released: 100 * point.releasedError.estimate,
    reviewsRange: [
      100 * (point.reviewShare.estimate - point.reviewShare.lower),
      100 * (point.reviewShare.upper - point.reviewShare.estimate),
    ],
    releasedRange: [
      100 * (point.releasedError.estimate - point.releasedError.lower),
      100 * (point.releasedError.upper - point.releasedError.estimate),
    ],
  }));
  const thin = (points ?? []).filter((point) => !point.enough);

  return (
    <figure className="backtest">
      <figcaption>Backtest: reviews needed against released error, by threshold (95% intervals)</figcaption>
      <label htmlFor={selectId}>Workflow </label>
      <select id={selectId} value={chosen} onChange={(event) => setWorkflow(event.target.value)}>
        {workflows.map((name) => (
          <option key={name}>{name}</option>
        ))}
      </select>
      {points === undefined && <p>Loading…</p>}
      {points === null && <p className="no-data">No data yet: the feedback service has not answered a backtest.</p>}
      {points && points.length > 0 && (
        <>
          {thin.length > 0 && (
            <p role="note">
              Too few judgments at {thin.length === points.length ? 'every threshold' : `${thin.length} thresholds`}:{' '}
              {thin[0]?.note?.replace(/^too few judgments: /, '')}. Treat those points as guesses.
            </p>
          )}
          <ResponsiveContainer width="100%" height={300}>
            <ScatterChart margin={{ top: 16, right: 48, bottom: 24, left: 24 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                type="number"
                dataKey="reviews"
                name="reviews"
                unit=" %"
                domain={[0, 100]}
                label={{ value: 'Decisions reviewed (%)', position: 'insideBottom', offset: -12 }}
              />
              <YAxis
                type="number"
                dataKey="released"
                name="released error"
                unit=" %"
                width={64}
                label={{ value: 'Released error (%)', angle: -90, position: 'left', offset: 8 }}
              />
              <Tooltip />
              <Scatter data={data} fill="#1d4ed8" shape="diamond" isAnimationActive={false}>
                <ErrorBar dataKey="releasedRange" direction="y" width={6} strokeWidth={1.5} stroke="#1f2937" />
                <ErrorBar dataKey="reviewsRange" direction="x" width={6} strokeWidth={1.5} stroke="#1f2937" />
                <LabelList dataKey="label" position="right" />
              </Scatter>
            </ScatterChart>
          </ResponsiveContainer>
          <table className="backtest-table">
            <caption>Backtest of {chosen} by threshold</caption>
            <thead>
              <tr>
                <th scope="col">Threshold</th>
                <th scope="col">Reviewed</th>
                <th scope="col">Released error</th>
                <th scope="col">Judged (released)</th>
              </tr>
            </thead>
            <tbody>
              {points.map((point) => (
                <tr key={point.policy.threshold}>
                  <th scope="row">{point.policy.threshold}</th>
                  <td>{withInterval(point.reviewShare)}</td>
                  <td>{withInterval(point.releasedError)}</td>
                  <td>
                    {point.judged} ({point.releasedJudged}){point.enough ? '' : ' — too few'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
