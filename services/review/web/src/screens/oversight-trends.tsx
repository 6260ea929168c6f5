import { useEffect, useState } from 'react';
import {
  CalibrationCurve,
  oversightSeries,
  OversightSeries,
  OversightWeek,
  policyHistory,
  Proportion,
  slaBreaches,
} from '../api/oversight-series';
import { uiConfig } from '../api/ui-config';
import { formatDuration } from '../domain/review-clock';
import { formatInterval, TimelineMark, timelineMarks } from '../domain/oversight-timeline';
import { hasRole } from '../domain/token-claims';
import { Session } from '../session';
import { CalibrationChart, IntervalTrend } from './oversight-charts';
import { EvidencePackDownload } from './oversight-evidence';

const WEEKS = 12;
const WEEK_MS = 7 * 24 * 3600 * 1000;

interface Loaded {
  series: OversightSeries;
  marks: TimelineMark[];
  /** Per week start; undefined where audit did not answer. */
  breaches: Array<number | undefined>;
}

/** One workflow week by week, for leads and compliance: every rate with its 95% interval, policy changes marked. */
export function OversightTrends({ session, workflow }: { session: Session; workflow: string }) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const load = async (): Promise<Loaded> => {
      const config = await uiConfig();
      const [series, history] = await Promise.all([
        oversightSeries(config, session.token, workflow, WEEKS),
        policyHistory(config, session.token, workflow).catch(() => []),
      ]);
      const starts = series.weeks.map((w) => w.weekStart);
      const breaches = await Promise.all(
        starts.map((start) =>
          slaBreaches(config, session.token, workflow, start, new Date(Date.parse(start) + WEEK_MS).toISOString()),
        ),
      );
      return { series, marks: timelineMarks(history, starts), breaches };
    };
    load().then(setLoaded, (failure: Error) => setError(failure.message));
  }, [session.token, workflow]);

  if (!hasRole(session.user.principal, 'lead')) return <p>Oversight trends are for leads and admins.</p>;
  return (
    <section aria-labelledby="trends-title" className="trends">
      <h1 id="trends-title">Oversight trends: {workflow}</h1>
      {error && (
        <p className="error" role="alert">
          Could not load the oversight figures: {error}
        </p>
      )}
      {!loaded && !error && <p>Loading…</p>}
      {loaded && <TrendsBody workflow={workflow} session={session} {...loaded} />}
    </section>
  );
}

function TrendsBody({ series, marks, breaches, workflow, session }: Loaded & { workflow: string; session: Session }) {
  const { weeks, maxErrorRate } = series;
  return (
    <>
      <p className="meta">
        {series.from.slice(0, 10)} to {series.to.slice(0, 10)}, ISO weeks (UTC). Bars and shaded bands are 95%
        intervals; a hollow point marks an estimate from fewer than {series.smallSample} samples (small sample).{' '}
        {maxErrorRate === null
          ? 'No budget is set for this workflow: released error is shown against nothing.'
          : `Budget: at most ${(maxErrorRate * 100).toFixed(1)} % of released decisions wrong.`}
      </p>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Policy and trust-level changes</h2>
        {marks.length === 0 ? (
          <p className="meta">No policy change in these weeks.</p>
        ) : (
          <ol className="timeline">
            {marks.map((mark) => (
              <li key={mark.version} className={mark.trustLevelChanged ? 'trust-change' : undefined}>
                <time dateTime={mark.at}>{mark.at.slice(0, 16).replace('T', ' ')}</time> {mark.label}
              </li>
            ))}
          </ol>
        )}
      </section>
      <div className="charts">
        <figure>
          <figcaption>
            Released error (audit of released decisions){maxErrorRate !== null && ' against budget'}
          </figcaption>
          <IntervalTrend
            title="released error"
            weeks={weeks}
            pick={(w) => w.releasedError}
            small={(w) => w.smallSample}
            marks={marks}
            budget={maxErrorRate}
          />
        </figure>
        <figure>
          <figcaption>Catch rate: errors stopped by review</figcaption>
          <IntervalTrend
            title="catch rate"
            weeks={weeks}
            pick={(w) => w.catchRate}
            small={(w) => w.smallSample}
            marks={marks}
          />
        </figure>
      </div>
      <WeekTable weeks={weeks} breaches={breaches} />
      <section aria-labelledby="calibration-title">
        <h2 id="calibration-title">Calibration per model version</h2>
        {series.calibration.length === 0 ? (
          <p className="meta">No random or audit samples in these weeks: calibration cannot be measured.</p>
        ) : (
          <div className="charts">
            {series.calibration.map((curve) => (
              <figure key={curve.modelVersion}>
                <figcaption>
                  {curve.modelVersion}: {curve.samples} samples
                  {curve.samples < series.smallSample && <span className="small-sample"> small sample</span>}
                  {curve.expectedCalibrationError !== null &&
                    `, expected calibration error ${(curve.expectedCalibrationError * 100).toFixed(1)} %`}
                </figcaption>
                <CalibrationChart curve={curve} />
                <CalibrationTable curve={curve} smallSample={series.smallSample} />
              </figure>
            ))}
          </div>
        )}
      </section>
      <ReviewerTable series={series} />
      <EvidencePackDownload session={session} workflow={workflow} from={series.from} to={series.to} />
    </>
  );
}

function Small({ small }: { small: boolean }) {
  return small ? <span className="small-sample"> small sample</span> : null;
}

function WeekTable({ weeks, breaches }: { weeks: OversightWeek[]; breaches: Array<number | undefined> }) {
  return (
    <table className="oversight week-table">
      <caption>Week by week</caption>
      <thead>
        <tr>
          <th scope="col">Week of</th>
          <th scope="col">Decisions</th>
          <th scope="col">Review share</th>
          <th scope="col">Released error</th>
          <th scope="col">Budget</th>
          <th scope="col">Catch rate</th>
          <th scope="col">Expired</th>
          <th scope="col">SLA breaches</th>
        </tr>
      </thead>
      <tbody>
        {weeks.map((w, index) => (
          <tr key={w.weekStart}>
            <th scope="row">{w.weekStart.slice(0, 10)}</th>
            <td>{w.decisions}</td>
            <td>{w.reviewShare === null ? '—' : `${(w.reviewShare * 100).toFixed(1)} %`}</td>
            <td>
              {formatInterval(w.releasedError)}, n = {w.releasedError.trials}
              <Small small={w.smallSample} />
            </td>
            <td>{w.budget}</td>
            <td>{formatInterval(w.catchRate)}</td>
            <td>{w.expired}</td>
            <td>{breaches[index] ?? 'no data'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CalibrationTable({ curve, smallSample }: { curve: CalibrationCurve; smallSample: number }) {
  const filled = curve.buckets.filter((bucket) => bucket.accuracy.trials > 0);
  return (
    <table className="oversight calibration-table">
      <caption className="visually-hidden">Calibration of {curve.modelVersion} by confidence</caption>
      <thead>
        <tr>
          <th scope="col">Confidence</th>
          <th scope="col">Mean claimed</th>
          <th scope="col">Observed accuracy</th>
        </tr>
      </thead>
      <tbody>
        {filled.map((bucket) => (
          <tr key={bucket.from}>
            <th scope="row">
              {Math.round(bucket.from * 100)}–{Math.round(bucket.to * 100)} %
            </th>
            <td>{bucket.meanConfidence === null ? '—' : `${(bucket.meanConfidence * 100).toFixed(1)} %`}</td>
            <td>
              {formatInterval(bucket.accuracy)}, n = {bucket.accuracy.trials}
              <Small small={bucket.accuracy.trials < smallSample} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReviewerTable({ series }: { series: OversightSeries }) {
  const cell = (p: Proportion) => (
    <>
      {formatInterval(p)}, n = {p.trials}
      <Small small={p.trials > 0 && p.trials < series.smallSample} />
    </>
  );
  return (
    <section aria-labelledby="reviewers-title">
      <h2 id="reviewers-title">Reviewer quality</h2>
      <p className="meta">Gold agreement is shown to leads here, never to reviewers while they work their queue.</p>
      {series.reviewers.length === 0 ? (
        <p className="meta">No judgments in these weeks.</p>
      ) : (
        <table className="oversight reviewer-table">
          <thead>
            <tr>
              <th scope="col">Reviewer</th>
              <th scope="col">Judgments</th>
              <th scope="col">Peer agreement</th>
              <th scope="col">Gold accuracy</th>
              <th scope="col">Median time</th>
              <th scope="col">Approve rate</th>
            </tr>
          </thead>
          <tbody>
            {series.reviewers.map((r) => (
              <tr key={r.reviewer}>
                <th scope="row">
                  {r.reviewer}
                  {r.rubberStampSuspected && <span className="small-sample"> fast approvals: look</span>}
                </th>
                <td>{r.judgments}</td>
                <td>{cell(r.peerAgreement)}</td>
                <td>{cell(r.goldAgreement)}</td>
                <td>{r.medianTimeOnTaskMs === null ? '—' : formatDuration(r.medianTimeOnTaskMs)}</td>
                <td>{cell(r.approveRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
