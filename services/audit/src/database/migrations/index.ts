import { CreateFinalOutcomes1764072200000 } from './1764072200000-create-final-outcomes';

/** Every audit migration, in order. Listed explicitly so the build and the tests run the same set. */
export const auditMigrations = [CreateFinalOutcomes1764072200000];
