/** A lease as the API gives it, with times already parsed. */
export interface LeaseTimes {
  claimedAt: number;
  expiresAt: number;
}

/** Renew when less than this share of the lease is left... */
const RENEW_WHEN_LEFT = 0.4;
/** ...and the reviewer did something within this long: an abandoned tab lets its task go back to the queue. */
const ACTIVE_WITHIN_MS = 2 * 60_000;
const READING_WORDS_PER_MINUTE = 250;
const MIN_READING_MS = 5_000;
const MIN_SAMPLES_FOR_MEDIAN = 5;

/** "0:42", "12:05", "1:02:03": minutes and seconds, hours when needed; never negative. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

export function shouldRenewLease(lease: LeaseTimes, nowMs: number, lastActivityMs: number): boolean {
  const left = lease.expiresAt - nowMs;
  const length = lease.expiresAt - lease.claimedAt;
  return left > 0 && left < length * RENEW_WHEN_LEFT && nowMs - lastActivityMs <= ACTIVE_WITHIN_MS;
}

/**
 * How long a careful reading of a task of this workflow takes: the median time-on-task of past verdicts once there are
 * enough of them, else an estimate from the words on screen at 250 words a minute (never under 5 seconds).
 */
export function medianReadingMs(pastTimesOnTaskMs: number[], wordsOnScreen: number): number {
  if (pastTimesOnTaskMs.length >= MIN_SAMPLES_FOR_MEDIAN) {
    const sorted = [...pastTimesOnTaskMs].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
  return Math.max(MIN_READING_MS, (wordsOnScreen / READING_WORDS_PER_MINUTE) * 60_000);
}

/** The rubber-stamp guard: an approval faster than the workflow's median reading time asks once more. */
export function approvalIsHasty(timeOnTaskMs: number, medianMs: number): boolean {
  return timeOnTaskMs < medianMs;
}

/** Words in everything the reviewer should read: the output and the evidence, as text. */
export function countWords(...parts: unknown[]): number {
  return (
    parts
      .map((part) => (typeof part === 'string' ? part : JSON.stringify(part ?? '')))
      .join(' ')
      .match(/[\p{L}\p{N}]+(?:[.,'’][\p{L}\p{N}]+)*/gu)?.length ?? 0
  );
}
