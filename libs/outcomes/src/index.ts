export * from './domain/summarize-outcomes';
export * from './final-outcome.entity';
export * from './outcome-summary-view';
export * from './outcomes.controller';
export * from './outcomes.module';
export * from './outcomes.service';
export * from './summary-query';
