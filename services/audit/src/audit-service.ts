import { ServiceDefinition } from '@countersign/platform';
import { AppModule } from './app.module';

/** What main.ts starts, and what the OpenAPI export (openapi-document.spec.ts) describes. */
export const auditService: ServiceDefinition = {
  name: 'audit',
  module: AppModule,
  description:
    'The tamper-evident record of every decision for compliance teams: lifecycle history, audit sampling of ' +
    'autonomous decisions, hash-chain verification and reports.',
  // Every effect is deduplicated in Postgres in the same transaction (trail by event id, samples by decision id), and
  // what it publishes goes through the outbox, so redelivery after a crash is harmless.
  consumer: { mode: 'at-least-once' },
};
