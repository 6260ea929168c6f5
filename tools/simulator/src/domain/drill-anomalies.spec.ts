import { AnomalyObservations, findAnomalies, ReadRecord } from './drill-anomalies';

const record = (r: Partial<ReadRecord> & Pick<ReadRecord, 'topic' | 'decisionId' | 'what'>): ReadRecord => ({
  partition: 0,
  offset: 0,
  ...r,
});

/** d1 released autonomously; d2 reviewed (approved by ana) and then audited after release. */
const clean: AnomalyObservations = {
  sentIds: ['d1', 'd2'],
  records: [
    record({ topic: 'routed', decisionId: 'd1', what: 'autonomous' }),
    record({ topic: 'final', decisionId: 'd1', what: 'autonomous', detail: 'autonomous' }),
    record({ topic: 'routed', decisionId: 'd2', what: 'review' }),
    record({ topic: 'requested', decisionId: 'd2', what: 'review', offset: 1 }),
    record({ topic: 'completed', decisionId: 'd2', what: 'review', detail: 'approve', taskId: 't2', offset: 1 }),
    record({ topic: 'final', decisionId: 'd2', what: 'approved', detail: 'review' }),
    record({ topic: 'requested', decisionId: 'd2', what: 'audit', offset: 2 }),
  ],
  kafkajsOnly: [],
  tasks: [{ id: 't2', decisionId: 'd2', kind: 'review', state: 'completed' }],
  taskEvents: [
    { taskId: 't2', decisionId: 'd2', event: 'created', actor: 'review', at: 0 },
    { taskId: 't2', decisionId: 'd2', event: 'claimed', actor: 'ana', at: 1_000 },
    { taskId: 't2', decisionId: 'd2', event: 'completed', actor: 'ana', at: 2_000 },
  ],
  leaseMs: 300_000,
  trail: [{ chain: 0, seqs: [1, 2, 3], head: 3 }],
  auditOutcomes: new Map([
    ['d1', 'autonomous'],
    ['d2', 'approved'],
  ]),
};

const classes = (observed: AnomalyObservations) => findAnomalies(observed).map((anomaly) => anomaly.class);

describe('findAnomalies', () => {
  it('finds none in a run that kept every promise', () => {
    expect(findAnomalies(clean)).toEqual([]);
  });

  it('finds a lost final outcome and a duplicated one', () => {
    const records = clean.records.filter((r) => !(r.topic === 'final' && r.decisionId === 'd1'));
    expect(classes({ ...clean, records })).toContain('lost');
    const twice = [...clean.records, record({ topic: 'final', decisionId: 'd2', what: 'approved', detail: 'review' })];
    expect(classes({ ...clean, records: twice })).toEqual(['duplicated']);
  });

  it('counts each record kafkajs read that the reference reader did not as an aborted read', () => {
    expect(classes({ ...clean, kafkajsOnly: [{ decisionId: 'd1', topic: 'final' }] })).toEqual(['aborted-read']);
  });

  it('finds a post-release audit requested before the review, by offset within the partition', () => {
    const records = clean.records.map((r) =>
      r.topic === 'requested' ? { ...r, offset: r.what === 'audit' ? 0 : 5 } : r,
    );
    expect(classes({ ...clean, records })).toEqual(['out-of-order']);
  });

  it('finds a final outcome contradicting its route, its verdict or the audit record', () => {
    const expiredAfterVerdict = clean.records.map((r) =>
      r.topic === 'final' && r.decisionId === 'd2' ? { ...r, what: 'expired' } : r,
    );
    expect(
      classes({
        ...clean,
        records: expiredAfterVerdict,
        auditOutcomes: new Map([
          ['d1', 'autonomous'],
          ['d2', 'expired'],
        ]),
      }),
    ).toEqual(['contradiction']);
    const reviewedAutonomous = clean.records.map((r) =>
      r.topic === 'final' && r.decisionId === 'd1' ? { ...r, what: 'approved' } : r,
    );
    expect(classes({ ...clean, records: reviewedAutonomous })).toContain('contradiction');
  });

  it('finds a task claimed while another reviewer still held it, but not one claimed after the lease ran out', () => {
    const at = (event: string, actor: string, time: number) => ({
      taskId: 't2',
      decisionId: 'd2',
      event,
      actor,
      at: time,
    });
    const overlapping = [at('claimed', 'ana', 0), at('claimed', 'ben', 10_000), at('completed', 'ben', 11_000)];
    expect(classes({ ...clean, taskEvents: overlapping })).toEqual(['double-claim']);
    const afterLease = [at('claimed', 'ana', 0), at('claimed', 'ben', 301_000), at('completed', 'ben', 302_000)];
    expect(classes({ ...clean, taskEvents: afterLease })).toEqual([]);
    const zombie = [at('claimed', 'ana', 0), at('claimed', 'ben', 301_000), at('completed', 'ana', 302_000)];
    expect(classes({ ...clean, taskEvents: zombie })).toEqual(['double-claim']);
    const reassigned = [at('claimed', 'ana', 0), at('reassigned', 'lea', 1_000), at('completed', 'ben', 2_000)];
    expect(classes({ ...clean, taskEvents: reassigned })).toEqual([]);
  });

  it('finds a hole in an audit chain and a final outcome the audit service never recorded', () => {
    expect(classes({ ...clean, trail: [{ chain: 0, seqs: [1, 3], head: 3 }] })).toEqual(['chain-gap']);
    expect(classes({ ...clean, auditOutcomes: new Map([['d2', 'approved']]) })).toEqual(['chain-gap']);
  });
});
