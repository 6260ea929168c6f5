import 'reflect-metadata';
import { main } from '@countersign/platform';
import { AppModule } from './app.module';

main({
  name: 'router',
  module: AppModule,
  description: 'Applies each workflow policy to incoming AI decisions: autonomous release or human review.',
  consumer: { mode: 'transactional' },
});
