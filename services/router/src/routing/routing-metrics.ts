import { Injectable } from '@nestjs/common';
import { Counter, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}

/** The router's Prometheus counters (scraped at /metrics). */
@Injectable()
export class RoutingMetrics {
  readonly routed = counter('countersign_router_decisions_routed_total', 'Decisions routed', ['workflow', 'route']);
  readonly deadLettered = counter('countersign_router_dead_letters_total', 'Records dead-lettered', ['reason']);
  readonly duplicates = counter(
    'countersign_router_duplicates_total',
    'Re-sent decision ids recognised and not routed again',
    ['workflow'],
  );
  readonly unknownWorkflow = counter(
    'countersign_router_unknown_workflow_total',
    'Decisions of a workflow without a policy, routed by the default (review everything)',
    ['workflow'],
  );
}
