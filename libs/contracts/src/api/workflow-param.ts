import { Matches } from 'class-validator';
import { WORKFLOW_NAME_PATTERN } from '../events/decision';

/** The `:workflow` path parameter of every service's API (policies, targets, audit plans, reports). */
export class WorkflowParam {
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow!: string;
}
