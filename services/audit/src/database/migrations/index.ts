import { CreateFinalOutcomes1764072200000 } from './1764072200000-create-final-outcomes';
import { CreateTrail1764100000000 } from './1764100000000-create-trail';
import { DropOutboxPublishedAt1764800000000 } from './1764800000000-drop-outbox-published-at';
import { AddTrailTraceId1765000000000 } from './1765000000000-add-trail-trace-id';
import { CreatePlanProposals1765100000000 } from './1765100000000-create-plan-proposals';

/** Every audit migration, in order. Listed explicitly so the build and the tests run the same set. */
export const auditMigrations = [
  CreateFinalOutcomes1764072200000,
  CreateTrail1764100000000,
  DropOutboxPublishedAt1764800000000,
  AddTrailTraceId1765000000000,
  CreatePlanProposals1765100000000,
];
