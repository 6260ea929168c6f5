/** Who filed a proposal: a person, or a service on the strength of a setting an admin made (`onBehalfOf`). */
export interface ProposalParties {
  proposedBy: string;
  onBehalfOf: string | null;
}

/**
 * Why `approver` may not approve the proposal, or undefined when they may. The proposer may not; nor may the admin a
 * service's proposal follows: otherwise one admin lowers oversight in two steps, loosening feedback's target and
 * then approving the promotion feedback files under its own name.
 */
export function ownProposalRefusal(proposal: ProposalParties, approver: string, workflow: string): string | undefined {
  if (proposal.proposedBy === approver) {
    return `${approver} proposed this change; a second admin of ${workflow} must approve it`;
  }
  if (proposal.onBehalfOf === approver) {
    return (
      `${approver} set the target this change of ${proposal.proposedBy} follows; ` +
      `a second admin of ${workflow} must approve it`
    );
  }
  return undefined;
}

/**
 * Only the services configured may name the admin they act for: a person naming someone else would make that person
 * the one refused, not themselves.
 */
export function mayActOnBehalf(subject: string, serviceSubjects: readonly string[]): boolean {
  return serviceSubjects.includes(subject);
}

/** ROUTER_SERVICE_SUBJECTS as a list: comma or space separated, blanks dropped. */
export function serviceSubjectsOf(setting: string): string[] {
  return setting
    .split(/[\s,]+/)
    .map((subject) => subject.trim())
    .filter((subject) => subject !== '');
}
