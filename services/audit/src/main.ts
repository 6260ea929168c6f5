import 'reflect-metadata';
import { main } from '@countersign/platform';
import { AppModule } from './app.module';

main({
  name: 'audit',
  module: AppModule,
  description:
    'The record of what happened to every decision, for compliance teams: outcomes, samples and their checks.',
  // Storing an outcome is an insert keyed by decision id that ignores duplicates, so redelivery is harmless.
  consumer: { mode: 'at-least-once' },
});
