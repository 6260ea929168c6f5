import { CreateFinalOutcomes1764072100000 } from './1764072100000-create-final-outcomes';
import { CreateJudgments1764100000000 } from './1764100000000-create-judgments';
import { DropOutboxPublishedAt1764800000000 } from './1764800000000-drop-outbox-published-at';
import { AddJudgmentGuardPrompts1764900000000 } from './1764900000000-add-judgment-guard-prompts';
import { CreateRiskObservations1765000000000 } from './1765000000000-create-risk-observations';
import { AddRiskObservationSegments1765100000000 } from './1765100000000-add-risk-observation-segments';
import { CreateTargetProposals1765300000000 } from './1765300000000-create-target-proposals';

/** Every feedback migration, in order. Listed explicitly so the build and the tests run the same set. */
export const feedbackMigrations = [
  CreateFinalOutcomes1764072100000,
  CreateJudgments1764100000000,
  DropOutboxPublishedAt1764800000000,
  AddJudgmentGuardPrompts1764900000000,
  CreateRiskObservations1765000000000,
  AddRiskObservationSegments1765100000000,
  CreateTargetProposals1765300000000,
];
