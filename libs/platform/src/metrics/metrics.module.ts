import { Module, OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController] })
export class MetricsModule implements OnModuleInit {
  onModuleInit(): void {
    if (!register.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics({ prefix: '' });
  }
}
