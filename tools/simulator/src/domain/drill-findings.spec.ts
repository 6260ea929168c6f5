import { drillFindings, DrillObservations } from './drill-findings';

const clean: DrillObservations = {
  sentIds: ['d1', 'd2', 'd3'],
  routedIds: ['d1', 'd2', 'd3'],
  finalIds: ['d1', 'd2', 'd3'],
  routedToReviewIds: ['d2', 'd3'],
  tasks: [
    { id: 't2', decisionId: 'd2', kind: 'review', state: 'completed' },
    { id: 't3', decisionId: 'd3', kind: 'review', state: 'completed' },
  ],
  completedTaskIds: ['t2', 't3'],
};

describe('drillFindings', () => {
  it('finds nothing wrong when every promise was kept', () => {
    expect(drillFindings(clean).violations).toEqual([]);
  });

  it.each([
    ['a lost final outcome', { finalIds: ['d1', 'd2'] }, /final outcomes: 1 missing \(d3\)/],
    ['a duplicated final outcome', { finalIds: ['d1', 'd2', 'd3', 'd2'] }, /final outcomes: .*1 duplicated \(d2\)/],
    ['a twice-routed decision', { routedIds: ['d1', 'd1', 'd2', 'd3'] }, /routed events: .*1 duplicated/],
    ['a verdict published twice', { completedTaskIds: ['t2', 't3', 't3'] }, /verdicts: .*1 duplicated \(t3\)/],
    ['a completed task without its verdict', { completedTaskIds: ['t2'] }, /verdicts: 1 missing \(t3\)/],
    [
      'a review request that opened no task',
      { routedToReviewIds: ['d1', 'd2', 'd3'] },
      /review tasks: 1 missing \(d1\)/,
    ],
    [
      'a task still open',
      { tasks: [...clean.tasks, { id: 't1', decisionId: 'd1', kind: 'audit', state: 'open' }] },
      /never finished: 1/,
    ],
  ])('reports %s', (_case, change, message) => {
    const findings = drillFindings({ ...clean, ...change });
    expect(findings.violations.join('\n')).toMatch(message);
  });

  it('counts an expired task as finished and tallies the final outcomes, terminal ones included', () => {
    const findings = drillFindings({
      ...clean,
      tasks: [...clean.tasks.slice(1), { id: 't2', decisionId: 'd2', kind: 'review', state: 'expired' }],
      completedTaskIds: ['t3'],
      finalOutcomes: ['autonomous', 'expired', 'approved'],
    });
    expect(findings.violations).toEqual([]);
    expect(findings.finalsByOutcome).toEqual({ autonomous: 1, expired: 1, approved: 1 });
    expect(findings.tasksByState).toEqual({ 'review:completed': 1, 'review:expired': 1 });
  });

  it("counts the abandoned workflow's open audit checks apart, and any other open task as unfinished", () => {
    const tasks = [
      ...clean.tasks,
      { id: 'a1', decisionId: 'd1', kind: 'audit', state: 'open', workflow: 'supplier-onboarding' },
      { id: 'a2', decisionId: 'd2', kind: 'audit', state: 'open', workflow: 'contract-review' },
    ];
    const findings = drillFindings({ ...clean, tasks, abandonedWorkflow: 'supplier-onboarding' });
    expect(findings.abandonedAuditChecksOpen).toBe(1);
    expect(findings.unfinishedTasks).toBe(1);
  });
});
