import { buildReport, trustLevelChanges } from './audit-report';
import { reportCsv, reportHtml } from './report-formats';

const report = buildReport({
  workflow: 'kyc',
  from: '2026-11-23T00:00:00.000Z',
  to: '2026-11-30T00:00:00.000Z',
  outcomes: { autonomous: 90, approved: 5, corrected: 3, rejected: 2, expired: 0, withdrawn: 0 },
  byReason: { 'flag:=cmd|calc': 2, 'rule:<b>big</b>': 3 },
  strata: [{ bucket: '0-1', released: 90, judged: 30, errors: 3 }],
  sampled: 31,
  slaBreaches: 1,
  trustLevelChanges: [{ at: '2026-11-24T00:00:00.000Z', from: 3, to: 4, policyVersion: 2 }],
});

describe('report formats', () => {
  it('writes CSV as metric,value lines, with the interval and formula-looking text defused', () => {
    const lines = reportCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe('metric,value');
    expect(lines).toContain('decisions,100');
    expect(lines).toContain('audit.errorsFound,3');
    expect(lines).toContain('autonomousErrorRate.estimate,0.1');
    expect(lines.some((line) => line.startsWith('autonomousErrorRate.lower95,0.0'))).toBe(true);
    expect(lines).toContain('reason.flag:=cmd|calc,2');
    expect(lines).toContain('trustLevelChanges,1');
  });

  it('writes a readable HTML page with everything escaped', () => {
    const html = reportHtml(report);
    expect(html).toContain('<h1>Audit report: kyc, 2026-11-23 to 2026-11-30</h1>');
    expect(html).toContain('10.00% (95% interval');
    expect(html).toContain('rule:&#60;b&#62;big&#60;/b&#62;');
    expect(html).not.toContain('<b>big</b>');
    expect(html).toContain('3 → 4 (policy v2)');
  });
});

describe('trustLevelChanges', () => {
  it('lists changes of trust level inside the period, with the level before', () => {
    const versions = [
      { at: '2026-11-01T00:00:00.000Z', version: 1, trustLevel: 2 },
      { at: '2026-11-24T00:00:00.000Z', version: 2, trustLevel: 2 },
      { at: '2026-11-25T00:00:00.000Z', version: 3, trustLevel: 3 },
      { at: '2026-12-01T00:00:00.000Z', version: 4, trustLevel: 4 },
    ];
    expect(trustLevelChanges(versions, '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z')).toEqual([
      { at: '2026-11-25T00:00:00.000Z', from: 2, to: 3, policyVersion: 3 },
    ]);
    expect(trustLevelChanges(versions, '2026-10-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z')).toEqual([
      { at: '2026-11-01T00:00:00.000Z', from: null, to: 2, policyVersion: 1 },
    ]);
  });
});
