import { aReviewRequest } from '@countersign/contracts/testing';
import { claim } from './claim';
import { expireLease } from './expire-lease';
import { judge } from './judge';
import { openTask } from './open-task';
import { reassign } from './reassign';
import { release } from './release';
import { renewLease } from './renew-lease';
import { IllegalTransition, LeaseExpired, LeaseNotHeld } from './task-errors';

const T0 = new Date('2026-11-03T09:15:00.150Z');
const LEASE_MS = 10 * 60_000;
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const open = openTask(aReviewRequest(), { id: 'task-1', now: T0 });
// anna claims at 0 ms; her lease is over at LEASE_MS exactly.
const held = claim(open, 'anna', T0, LEASE_MS).task;
const END = LEASE_MS;

describe('leases', () => {
  it('gives the claimer the task until claim time plus the lease', () => {
    expect(held.lease).toEqual({ holder: 'anna', claimedAt: T0, expiresAt: at(LEASE_MS) });
  });

  it.each<[string, number, 'ok' | typeof IllegalTransition | typeof LeaseExpired]>([
    ['a verdict by the holder a millisecond before the end', END - 1, 'ok'],
    ['a verdict by the holder at the end', END, LeaseExpired],
  ])('accepts or refuses %s', (_case, ms, expected) => {
    const attempt = () => judge(held, 'anna', { verdict: 'approve' }, at(ms));
    if (expected === 'ok') expect(attempt().event).toBe('recorded');
    else expect(attempt).toThrow(expected);
  });

  it('is swept at its end exactly, and not a millisecond before', () => {
    expect(() => expireLease(held, at(END - 1))).toThrow(IllegalTransition);
    const { task, event } = expireLease(held, at(END));
    expect(event).toBe('lease_expired');
    expect(task.state).toBe('open');
    expect(task.lease).toBeUndefined();
  });

  it('lets another reviewer take the task from its end, before the sweep has run', () => {
    expect(() => claim(held, 'li', at(END - 1), LEASE_MS)).toThrow(/runs until 2026-11-03T09:25:00.150Z/);
    expect(claim(held, 'li', at(END), LEASE_MS).task.lease).toEqual({
      holder: 'li',
      claimedAt: at(END),
      expiresAt: at(END + LEASE_MS),
    });
  });

  it('is renewed from the time of renewal, only by its holder and only while it runs', () => {
    const renewed = renewLease(held, 'anna', at(END - 1), LEASE_MS).task;
    expect(renewed.lease).toEqual({ holder: 'anna', claimedAt: T0, expiresAt: at(END - 1 + LEASE_MS) });
    expect(() => renewLease(held, 'li', at(1), LEASE_MS)).toThrow(LeaseNotHeld);
    expect(() => renewLease(held, 'anna', at(END), LEASE_MS)).toThrow(LeaseExpired);
  });

  it('refuses a verdict and a release from anyone but the holder', () => {
    expect(() => judge(held, 'li', { verdict: 'approve' }, at(1))).toThrow(LeaseNotHeld);
    expect(() => release(held, 'li')).toThrow(LeaseNotHeld);
    expect(release(held, 'anna').task).toMatchObject({ state: 'open', version: held.version + 1 });
  });

  it('records the time from claim to verdict', () => {
    const { task } = judge(held, 'anna', { verdict: 'approve' }, at(184_000));
    expect(task.judgments).toEqual([
      { verdict: 'approve', reviewer: 'anna', givenAt: at(184_000), timeOnTaskMs: 184_000 },
    ]);
  });

  it('counts time on a reassigned task from the reassignment, and names the lead who assigned it', () => {
    const given = reassign(held, 'lead-1', 'li', at(60_000), LEASE_MS).task;
    expect(given.lease).toEqual({
      holder: 'li',
      claimedAt: at(60_000),
      expiresAt: at(60_000 + LEASE_MS),
      assignedBy: 'lead-1',
    });
    expect(() => judge(given, 'anna', { verdict: 'approve' }, at(61_000))).toThrow(LeaseNotHeld);
    expect(judge(given, 'li', { verdict: 'approve' }, at(90_000)).task.judgments[0].timeOnTaskMs).toBe(30_000);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a lease of %p ms', (leaseMs) => {
    expect(() => claim(open, 'anna', T0, leaseMs)).toThrow(RangeError);
  });
});
