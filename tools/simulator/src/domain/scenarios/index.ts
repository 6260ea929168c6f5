import { Scenario } from '../scenario';
import { contractReview } from './contract-review';
import { leadQualification } from './lead-qualification';
import { supplierOnboarding } from './supplier-onboarding';

/** The seed's three workflows, named as the router's seed policies name them. */
export const SCENARIOS: readonly Scenario[] = [contractReview, leadQualification, supplierOnboarding];
