import { badRequest } from '@countersign/platform';
import { Injectable, Logger } from '@nestjs/common';
import { AuditPeriod, periodEnd, periodStart } from '../domain/audit-plan';
import { AuditReport, buildReport } from '../domain/audit-report';
import { AuditPlanStore } from '../sampling/audit-plan-store';
import { ReportStore } from './report-store';

@Injectable()
export class ReportsService {
  private readonly log = new Logger(ReportsService.name);

  constructor(
    private readonly store: ReportStore,
    private readonly plans: AuditPlanStore,
  ) {}

  /** The report of one workflow over [from, to); by default its plan's current period so far. */
  async report(workflow: string, from?: Date, to?: Date, now = new Date()): Promise<AuditReport> {
    const plan = await this.plans.planFor(workflow);
    const start = from ?? periodStart(now, plan.period);
    const end = to ?? periodEnd(start, plan.period);
    // A bound left to its default can land on the wrong side of the one given (`to` alone, before the current
    // period's start): a report, or a signed evidence pack, of a negative period is refused, never produced.
    if (end <= start) {
      throw badRequest([
        {
          field: to === undefined ? 'from' : 'to',
          errors: [`the period is empty: ${start.toISOString()} to ${end.toISOString()}`],
        },
      ]);
    }
    return buildReport(await this.store.facts(plan, start, end));
  }

  /** Reports every workflow active in the period before `now`'s, and stores them; what the cron runs. */
  async reportPreviousPeriod(period: AuditPeriod, now = new Date()): Promise<AuditReport[]> {
    const end = periodStart(now, period);
    const start = periodStart(new Date(end.getTime() - 1), period);
    const reports: AuditReport[] = [];
    for (const workflow of await this.store.activeWorkflows(start, end)) {
      const report = await this.report(workflow, start, end);
      await this.store.saveScheduled(report);
      reports.push(report);
    }
    this.log.log({ msg: 'scheduled reports stored', from: start.toISOString(), workflows: reports.length });
    return reports;
  }

  scheduled(workflow: string): Promise<AuditReport[]> {
    return this.store.scheduled(workflow);
  }
}
