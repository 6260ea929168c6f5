import 'reflect-metadata';
import { main } from '@countersign/platform';
import { AppModule } from './app.module';

main({
  name: 'review',
  module: AppModule,
  description: 'The human side of oversight: review tasks for decisions that need a person, and their outcomes.',
  // Opening a task is an insert that ignores duplicates, so redelivery after a crash is harmless.
  consumer: { mode: 'at-least-once' },
});
