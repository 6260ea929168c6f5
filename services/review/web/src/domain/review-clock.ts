/** A lease as the API gives it, with times already parsed. */
export interface LeaseTimes {
  claimedAt: number;
  expiresAt: number;
}

/** Renew when less than this share of the lease is left... */
const RENEW_WHEN_LEFT = 0.4;
/** ...and the reviewer did something within this long: an abandoned tab lets its task go back to the queue. */
const ACTIVE_WITHIN_MS = 2 * 60_000;

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
