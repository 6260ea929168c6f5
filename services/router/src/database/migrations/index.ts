import { CreatePolicyVersions1764070000000 } from './1764070000000-create-policy-versions';
import { CreateRoutedDecisionsAndOutbox1764080000000 } from './1764080000000-create-routed-decisions-and-outbox';
import { SplitDecisionSamples1764090000000 } from './1764090000000-split-decision-samples';
import { CreateSamplingRotations1764100000000 } from './1764100000000-create-sampling-rotations';
import { CreatePolicyGovernance1764144000000 } from './1764144000000-create-policy-governance';
import { DropOutboxPublishedAt1764800000000 } from './1764800000000-drop-outbox-published-at';
import { AddProposalOnBehalfOf1765210000000 } from './1765210000000-add-proposal-on-behalf-of';

/** Every router migration, in order. Listed explicitly so the build and the tests run the same set. */
export const routerMigrations = [
  CreatePolicyVersions1764070000000,
  CreateRoutedDecisionsAndOutbox1764080000000,
  SplitDecisionSamples1764090000000,
  CreateSamplingRotations1764100000000,
  CreatePolicyGovernance1764144000000,
  DropOutboxPublishedAt1764800000000,
  AddProposalOnBehalfOf1765210000000,
];
