import { ServiceDefinition } from '@countersign/platform';
import { AppModule } from './app.module';

/** What main.ts starts, and what the OpenAPI export (openapi-document.spec.ts) describes. */
export const feedbackService: ServiceDefinition = {
  name: 'feedback',
  module: AppModule,
  description: 'Learns from outcomes and human judgments how far each workflow can be trusted to run on its own.',
  // Storing an outcome is an insert keyed by decision id that ignores duplicates, so redelivery is harmless.
  consumer: { mode: 'at-least-once' },
};
