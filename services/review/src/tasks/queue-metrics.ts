import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { QueueHealth, QueueHealthStore } from './queue-health-store';

/** "Nearing expiry" means expiring within the hour: time for a lead to act before the safe default applies. */
export const EXPIRY_HORIZON_SECONDS = 3_600;

const SERIES: Array<{ name: string; help: string; value: (health: QueueHealth) => number }> = [
  { name: 'countersign_review_queue_tasks', help: 'Tasks waiting (open, claimed, escalated)', value: (h) => h.waiting },
  {
    name: 'countersign_review_queue_oldest_age_seconds',
    help: 'Age of the oldest waiting task',
    value: (h) => h.oldestAgeSeconds,
  },
  {
    name: 'countersign_review_sla_breached_tasks',
    help: 'Waiting tasks past their SLA due time',
    value: (h) => h.slaBreached,
  },
  {
    name: 'countersign_review_tasks_nearing_expiry',
    help: `Waiting tasks that expire to their safe default within ${EXPIRY_HORIZON_SECONDS} s`,
    value: (h) => h.nearingExpiry,
  },
];

/**
 * Queue age, SLA breaches and tasks nearing expiry per workflow, for deploy/prometheus/alerts.yml. Read from the
 * database at scrape time (one query for all four gauges), so every replica reports the same queues: alert on max().
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  private readonly log = new Logger(QueueMetrics.name);
  private pending?: Promise<QueueHealth[]>;

  constructor(private readonly store: QueueHealthStore) {}

  onModuleInit(): void {
    const health = () => this.health();
    for (const series of SERIES) {
      // A second app in one process (tests) replaces the first's gauges, whose store is gone.
      register.removeSingleMetric(series.name);
      new Gauge({
        name: series.name,
        help: series.help,
        labelNames: ['workflow'],
        async collect() {
          this.reset();
          for (const queue of await health()) this.set({ workflow: queue.workflow }, series.value(queue));
        },
      });
    }
  }

  /** One query per scrape, shared by the four gauges collected together. */
  private health(): Promise<QueueHealth[]> {
    this.pending ??= this.store
      .health(EXPIRY_HORIZON_SECONDS)
      .catch((error: unknown) => {
        this.log.warn({ msg: 'queue metrics unavailable', error: String(error) });
        return [];
      })
      .finally(() => setImmediate(() => (this.pending = undefined)));
    return this.pending;
  }
}
