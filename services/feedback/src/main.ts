import 'reflect-metadata';
import { main } from '@countersign/platform';
import { AppModule } from './app.module';

main({
  name: 'feedback',
  module: AppModule,
  description: 'Learns from outcomes and human judgments how far each workflow can be trusted to run on its own.',
  // Storing an outcome is an insert keyed by decision id that ignores duplicates, so redelivery is harmless.
  consumer: { mode: 'at-least-once' },
});
