import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaConnection, KafkaHealthIndicator } from '@countersign/kafka';
import { Public } from '../http/public-route';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly kafkaHealth: KafkaHealthIndicator,
    private readonly kafka: KafkaConnection,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness: Postgres and Kafka reachable' })
  check() {
    return this.health.check([
      () => this.postgres.pingCheck('postgres', { timeout: 3_000 }),
      () => this.kafkaHealth.check(this.kafka.admin),
    ]);
  }
}
