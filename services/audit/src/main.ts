import 'reflect-metadata';
import { main } from '@countersign/platform';
import { AppModule } from './app.module';

main({
  name: 'audit',
  module: AppModule,
  description:
    'The tamper-evident record of every decision for compliance teams: lifecycle history, audit sampling of ' +
    'autonomous decisions, hash-chain verification and reports.',
  // Every effect is deduplicated in Postgres in the same transaction (trail by event id, samples by decision id), and
  // what it publishes goes through the outbox, so redelivery after a crash is harmless.
  consumer: { mode: 'at-least-once' },
});
