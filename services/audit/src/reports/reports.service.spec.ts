import { BadRequestException } from '@nestjs/common';
import { defaultAuditPlan } from '../domain/audit-plan';
import { AuditPlanStore } from '../sampling/audit-plan-store';
import { ReportsService } from './reports.service';
import { ReportStore } from './report-store';

describe('reports of a period', () => {
  // Only the period check is under test: it must refuse before any data is read.
  const facts = jest.fn();
  const reports = new ReportsService(
    { facts } as unknown as ReportStore,
    { planFor: async (workflow: string) => defaultAuditPlan(workflow) } as unknown as AuditPlanStore,
  );
  const now = new Date('2026-12-04T12:00:00Z');

  it('refuses a `to` alone that falls before the default start: no report, and no signed pack, of a negative period', async () => {
    await expect(reports.report('invoice-coding', undefined, new Date('2026-11-01T00:00:00Z'), now)).rejects.toThrow(
      BadRequestException,
    );
    expect(facts).not.toHaveBeenCalled();
  });
});
