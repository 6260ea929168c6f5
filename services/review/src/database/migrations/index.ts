import { CreateTasks1764072000000 } from './1764072000000-create-tasks';

/** Every review migration, in order. Listed explicitly so the build and the tests run the same set. */
export const reviewMigrations = [CreateTasks1764072000000];
