import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ReportsService } from '../reports/reports.service';
import { CheckpointsService } from './checkpoints.service';
import { TypedConfig } from '@countersign/platform';
import { AuditEnvironment } from '../audit-environment';

/**
 * The audit service's periodic work, from config: signed checkpoints every AUDIT_CHECKPOINT_EVERY_MS, and the
 * previous week's reports on AUDIT_REPORT_CRON. Each replica runs them; both are idempotent (a second checkpoint is
 * just another signed statement; a report of a period is upserted).
 */
@Injectable()
export class AuditSchedule implements OnApplicationBootstrap {
  private readonly log = new Logger(AuditSchedule.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly checkpoints: CheckpointsService,
    private readonly reports: ReportsService,
    private readonly config: TypedConfig<AuditEnvironment>,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.get('AUDIT_CHECKPOINT_EVERY_MS');
    if (every > 0) {
      const timer = setInterval(() => void this.run('checkpoint', () => this.checkpoints.issue()), every);
      this.registry.addInterval('audit-checkpoints', timer);
    }
    const cron = this.config.get('AUDIT_REPORT_CRON');
    if (cron) {
      const job = CronJob.from({
        cronTime: cron,
        timeZone: 'UTC',
        onTick: () => void this.run('reports', () => this.reports.reportPreviousPeriod('week')),
      });
      this.registry.addCronJob('audit-reports', job);
      job.start();
    }
  }

  private async run(name: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.log.error({ msg: `scheduled ${name} failed; next run will try again`, error: (error as Error).message });
    }
  }
}
