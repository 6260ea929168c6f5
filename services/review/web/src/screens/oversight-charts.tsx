import {
  Area,
  CartesianGrid,
  ComposedChart,
  Bar,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CalibrationCurve, OversightWeek } from '../api/oversight-series';
import { TimelineMark } from '../domain/oversight-timeline';

// Intervals are drawn as a shaded band from the lower to the upper 95% bound around the estimate's line; a week
// whose estimate rests on a small sample gets a hollow point, so a wide band is never read as a precise number.

const week = (iso: string) => iso.slice(5, 10);

interface IntervalPoint {
  week: string;
  estimate: number | null;
  band: [number, number] | null;
  /** Distances from the estimate to the lower and upper bound: whiskers, visible even for a lone week. */
  whiskers: [number, number] | null;
  small: boolean;
}

function point(week: string, value: { estimate: number | null; lower: number; upper: number }, small: boolean) {
  const { estimate, lower, upper } = value;
  return {
    week,
    estimate,
    band: estimate === null ? null : ([lower, upper] as [number, number]),
    whiskers: estimate === null ? null : ([estimate - lower, upper - estimate] as [number, number]),
    small,
  };
}

function SmallSampleDot(props: { cx?: number; cy?: number; payload?: IntervalPoint }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || payload?.estimate === null) return null;
  return payload?.small ? (
    <circle cx={cx} cy={cy} r={5} fill="#fff" stroke="#b45309" strokeWidth={2} />
  ) : (
    <circle cx={cx} cy={cy} r={4} fill="#1e3a8a" />
  );
}

/**
 * Each point's 95% interval, drawn as a thin range bar from the lower to the upper bound. recharts' ErrorBar drew the
 * whiskers at about four fifths of their length on these fraction-valued axes (seen in the oversight e2e's
 * screenshot, against the bounds in the table), so the bounds are drawn as values, not as distances.
 */
function IntervalWhiskers() {
  return <Bar dataKey="band" barSize={3} fill="#2563eb" legendType="none" isAnimationActive={false} />;
}

/** One rate week by week with its 95% band, the policy changes as vertical lines and an optional budget line. */
export function IntervalTrend(props: {
  title: string;
  weeks: OversightWeek[];
  pick: (week: OversightWeek) => { estimate: number | null; lower: number; upper: number };
  small: (week: OversightWeek) => boolean;
  marks: TimelineMark[];
  budget?: number | null;
}) {
  const data: IntervalPoint[] = props.weeks.map((w) => point(week(w.weekStart), props.pick(w), props.small(w)));
  // Versions stored in the same week share one line and one label.
  const byWeek = new Map<string, TimelineMark[]>();
  for (const mark of props.marks) byWeek.set(mark.weekStart, [...(byWeek.get(mark.weekStart) ?? []), mark]);
  return (
    <ResponsiveContainer width="100%" height={240}>
      <ComposedChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="week" />
        <YAxis domain={[0, 'auto']} tickFormatter={(v: number) => `${Math.round(v * 1000) / 10}%`} width={56} />
        <Tooltip formatter={(value) => (Array.isArray(value) ? value.map(pct).join(' – ') : pct(Number(value)))} />
        <Legend />
        <Area
          dataKey="band"
          name="95% interval"
          stroke="none"
          fill="#93c5fd"
          fillOpacity={0.5}
          isAnimationActive={false}
          connectNulls
        />
        <Line
          dataKey="estimate"
          name={props.title}
          stroke="#1e3a8a"
          dot={<SmallSampleDot />}
          isAnimationActive={false}
          connectNulls
        />
        <IntervalWhiskers />
        {props.budget != null && (
          <ReferenceLine
            y={props.budget}
            stroke="#b91c1c"
            strokeDasharray="6 3"
            label={`budget ${pct(props.budget)}`}
          />
        )}
        {[...byWeek].map(([start, marks]) => (
          <ReferenceLine
            key={start}
            x={week(start)}
            stroke={marks.some((mark) => mark.trustLevelChanged) ? '#7c3aed' : '#64748b'}
            label={{
              value: marks.map((mark) => `v${mark.version}`).join(' '),
              position: 'insideTopRight',
              fill: '#4c1d95',
            }}
          />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Observed accuracy against claimed confidence, per bucket, with the diagonal of perfect calibration. */
export function CalibrationChart({ curve }: { curve: CalibrationCurve }) {
  const data = curve.buckets
    .filter((bucket) => bucket.accuracy.trials > 0)
    .map((bucket) => ({
      confidence: bucket.meanConfidence ?? (bucket.from + bucket.to) / 2,
      ...point('', bucket.accuracy, bucket.accuracy.trials < 30),
    }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="confidence" type="number" domain={[0, 1]} tickFormatter={axisPercent} />
        <YAxis domain={[0, 1]} tickFormatter={axisPercent} width={56} />
        <Tooltip formatter={(value) => (Array.isArray(value) ? value.map(pct).join(' – ') : pct(Number(value)))} />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ]}
          stroke="#64748b"
          strokeDasharray="4 4"
        />
        <Area
          dataKey="band"
          name="95% interval"
          stroke="none"
          fill="#93c5fd"
          fillOpacity={0.5}
          isAnimationActive={false}
        />
        <Line
          dataKey="estimate"
          name="observed accuracy"
          stroke="#1e3a8a"
          dot={<SmallSampleDot />}
          isAnimationActive={false}
        />
        {/* On a numeric x-axis the band's area does not draw: the whiskers show each bucket's interval. */}
        <IntervalWhiskers />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

function axisPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function pct(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '';
}
