import { ServiceDefinition } from '@countersign/platform';
import { AppModule } from './app.module';

/** What main.ts starts, and what the OpenAPI export (openapi-document.spec.ts) describes. */
export const reviewService: ServiceDefinition = {
  name: 'review',
  module: AppModule,
  description: 'The human side of oversight: review tasks for decisions that need a person, and their outcomes.',
  // Opening a task is an insert that ignores duplicates, so redelivery after a crash is harmless.
  consumer: { mode: 'at-least-once' },
  // Fastify instead of Express: less CPU per reviewer request (docs/performance.md, "Review API").
  http: 'fastify',
};
