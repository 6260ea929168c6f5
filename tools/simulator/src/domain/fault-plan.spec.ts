import { FAULT_KINDS, planFaults, SERVICES } from './fault-plan';
import { chargedFault, mergeRows, NO_FAULT, percentile, tally, FaultTypeRow } from './fault-table';

describe('planFaults', () => {
  it('plans the same schedule for the same seed and another for another seed', () => {
    expect(planFaults('seed-1', FAULT_KINDS)).toEqual(planFaults('seed-1', FAULT_KINDS));
    expect(planFaults('seed-1', FAULT_KINDS)).not.toEqual(planFaults('seed-2', FAULT_KINDS));
  });

  it.each(Array.from({ length: 50 }, (_, i) => `seed-${i}`))(
    'strikes every kind (kill -9 once per service) inside the stream, in order, for %s',
    (seed) => {
      const plan = planFaults(seed, FAULT_KINDS);
      expect(plan).toHaveLength(FAULT_KINDS.length + SERVICES.length - 1);
      expect(new Set(plan.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS));
      expect(
        plan
          .filter((f) => f.kind === 'kill-9')
          .map((f) => f.service)
          .sort(),
      ).toEqual([...SERVICES].sort());
      const at = plan.map((f) => f.at);
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(Math.min(...at)).toBeGreaterThan(0.05);
      expect(Math.max(...at)).toBeLessThan(0.9);
      expect(plan.find((f) => f.kind === 'clock-behind')?.skewSeconds).toBeLessThan(0);
      expect(plan.find((f) => f.kind === 'pause-broker-long')?.durationMs).toBeGreaterThan(60_000);
    },
  );
});

describe('the table per fault kind', () => {
  const faults = [
    { kind: 'kill-9', struckAt: 100_000, liftedAt: 100_000, recoveredAt: 110_000 },
    { kind: 'pause-broker-long', struckAt: 300_000, liftedAt: 370_000, recoveredAt: 380_000 },
  ];

  it('charges an anomaly to the last fault whose window holds the moment its decision was sent', () => {
    expect(chargedFault(95_000, faults)).toBe('kill-9');
    expect(chargedFault(360_000, faults)).toBe('pause-broker-long');
    expect(chargedFault(200_000, faults)).toBe(NO_FAULT);
  });

  it('counts faults, anomalies and recovery seconds per kind', () => {
    const rows = new Map<string, FaultTypeRow>();
    tally(rows, faults, [{ class: 'lost', decisionId: 'd', detail: '' }], () => 101_000);
    expect(rows.get('kill-9')?.anomalies.lost).toBe(1);
    expect(rows.get('kill-9')?.recoverySeconds).toEqual([10]);
    expect(rows.get('pause-broker-long')?.recoverySeconds).toEqual([10]);
  });

  it('charges an anomaly by when it began, when the checker knows, rather than by when its decision was sent', () => {
    const rows = new Map<string, FaultTypeRow>();
    tally(rows, faults, [{ class: 'double-claim', decisionId: 'd', at: 350_000, detail: '' }], () => 101_000);
    expect(rows.get('pause-broker-long')?.anomalies['double-claim']).toBe(1);
    expect(rows.get('kill-9')?.anomalies['double-claim']).toBe(0);
    // Begun just before the broker pause struck: the kill before it, not the pause after.
    tally(rows, faults, [{ class: 'double-claim', decisionId: 'd', at: 160_000, detail: '' }], () => 0);
    expect(rows.get('kill-9')?.anomalies['double-claim']).toBe(1);
  });

  it('merges the rows of runs made side by side: counts add, recovery samples join', () => {
    const first = new Map<string, FaultTypeRow>();
    tally(first, faults, [{ class: 'lost', decisionId: 'd', detail: '' }], () => 101_000);
    const second = new Map<string, FaultTypeRow>();
    tally(second, [{ kind: 'kill-9', struckAt: 0, liftedAt: 0 }], [], () => undefined);
    const merged = new Map<string, FaultTypeRow>();
    mergeRows(merged, first.values());
    mergeRows(merged, second.values());
    const kill = merged.get('kill-9');
    expect(kill).toMatchObject({ faults: 2, notRecovered: 1, recoverySeconds: [10] });
    expect(kill?.anomalies.lost).toBe(1);
    expect(merged.get('pause-broker-long')?.faults).toBe(1);
    // The merged rows are copies: the runs' own rows are untouched.
    expect(first.get('kill-9')?.faults).toBe(1);
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 99)).toBe(5);
    expect(percentile([], 50)).toBeUndefined();
  });
});
