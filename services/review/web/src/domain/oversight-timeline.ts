/** A policy version placed on the oversight timeline: the week it falls in and what changed. */
export interface TimelineMark {
  weekStart: string;
  at: string;
  version: number;
  label: string;
  trustLevelChanged: boolean;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * The policy versions stored inside the weeks shown, oldest first, each labelled with what changed against the
 * version before it (trust level, threshold). Versions before the first week only serve as the "before" of the first.
 */
export function timelineMarks(
  versions: ReadonlyArray<{ version: number; changedAt: string; policy: { trustLevel: number; threshold: number } }>,
  weekStarts: readonly string[],
): TimelineMark[] {
  if (weekStarts.length === 0) return [];
  const first = Date.parse(weekStarts[0]);
  const end = Date.parse(weekStarts[weekStarts.length - 1]) + WEEK_MS;
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  const marks: TimelineMark[] = [];
  ordered.forEach((current, index) => {
    const at = Date.parse(current.changedAt);
    if (at < first || at >= end) return;
    const previous = ordered[index - 1]?.policy;
    const week = weekStarts.filter((start) => Date.parse(start) <= at).at(-1) ?? weekStarts[0];
    const changes: string[] = [];
    const trustLevelChanged = previous !== undefined && previous.trustLevel !== current.policy.trustLevel;
    if (previous === undefined) changes.push(`first policy, trust level ${current.policy.trustLevel}`);
    if (trustLevelChanged) changes.push(`trust level ${previous.trustLevel} → ${current.policy.trustLevel}`);
    if (previous !== undefined && previous.threshold !== current.policy.threshold) {
      changes.push(`threshold ${previous.threshold} → ${current.policy.threshold}`);
    }
    marks.push({
      weekStart: week,
      at: current.changedAt,
      version: current.version,
      label: `v${current.version}: ${changes.join(', ') || 'rules changed'}`,
      trustLevelChanged,
    });
  });
  return marks;
}

/** "4.1 % (95% 2.0–7.9 %)"; "no data" without trials. */
export function formatInterval(value: { estimate: number | null; lower: number; upper: number }): string {
  if (value.estimate === null) return 'no data';
  const pct = (x: number) => (x * 100).toFixed(1);
  return `${pct(value.estimate)} % (95% ${pct(value.lower)}–${pct(value.upper)} %)`;
}
