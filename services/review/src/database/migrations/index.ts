import { CreateTasks1764072000000 } from './1764072000000-create-tasks';
import { TaskLifecycle1764095000000 } from './1764095000000-task-lifecycle';
import { DropOutboxPublishedAt1764800000000 } from './1764800000000-drop-outbox-published-at';
import { TaskExpiry1764950013200 } from './1764950013200-task-expiry';

/** Every review migration, in order. Listed explicitly so the build and the tests run the same set. */
export const reviewMigrations = [
  CreateTasks1764072000000,
  TaskLifecycle1764095000000,
  DropOutboxPublishedAt1764800000000,
  TaskExpiry1764950013200,
];
