import { ServiceDefinition } from '@countersign/platform';
import { AppModule } from './app.module';

/** What main.ts starts, and what the OpenAPI export (openapi-document.spec.ts) describes. */
export const routerService: ServiceDefinition = {
  name: 'router',
  module: AppModule,
  description: 'Applies each workflow policy to incoming AI decisions: autonomous release or human review.',
  consumer: { mode: 'transactional' },
};
