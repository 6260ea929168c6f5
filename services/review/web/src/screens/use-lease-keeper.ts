import { useEffect, useRef, useState } from 'react';
import { ReviewApi, TaskDetail } from '../api/review-api';
import { shouldRenewLease } from '../domain/review-clock';

/**
 * A ticking clock for the review screen, and the lease kept alive while the reviewer is active (any key, pointer
 * move or scroll in the last two minutes): an abandoned tab lets its task return to the queue when the lease ends.
 */
export function useLeaseKeeper(api: ReviewApi, task: TaskDetail | undefined, onRenewed: (expiresAt: string) => void) {
  const [now, setNow] = useState(Date.now());
  const lastActivity = useRef(Date.now());
  const renewing = useRef(false);

  useEffect(() => {
    const touch = () => (lastActivity.current = Date.now());
    const events = ['keydown', 'pointermove', 'scroll'] as const;
    events.forEach((name) => window.addEventListener(name, touch, { passive: true }));
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      events.forEach((name) => window.removeEventListener(name, touch));
      clearInterval(timer);
    };
  }, []);

  const lease = task?.lease;
  useEffect(() => {
    if (!task || !lease || renewing.current) return;
    const times = { claimedAt: Date.parse(lease.claimedAt), expiresAt: Date.parse(lease.expiresAt) };
    if (!shouldRenewLease(times, now, lastActivity.current)) return;
    renewing.current = true;
    api
      .renew(task.id)
      .then((renewed) => renewed.lease && onRenewed(renewed.lease.expiresAt))
      .catch(() => undefined)
      .finally(() => (renewing.current = false));
  }, [api, task, lease, now, onRenewed]);

  return now;
}
