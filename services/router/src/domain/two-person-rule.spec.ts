import { mayActOnBehalf, ownProposalRefusal, serviceSubjectsOf } from './two-person-rule';

describe('ownProposalRefusal', () => {
  const byService = { proposedBy: 'service:feedback', onBehalfOf: 'admin-a' };

  it('refuses the proposer', () => {
    expect(ownProposalRefusal({ proposedBy: 'admin-a', onBehalfOf: null }, 'admin-a', 'w')).toBe(
      'admin-a proposed this change; a second admin of w must approve it',
    );
  });

  it('refuses the admin whose target a service proposal follows, and says so', () => {
    expect(ownProposalRefusal(byService, 'admin-a', 'w')).toBe(
      'admin-a set the target this change of service:feedback follows; a second admin of w must approve it',
    );
  });

  it('lets any other admin approve, and a proposal without onBehalfOf behaves as before', () => {
    expect(ownProposalRefusal(byService, 'admin-b', 'w')).toBeUndefined();
    expect(ownProposalRefusal({ proposedBy: 'service:feedback', onBehalfOf: null }, 'admin-a', 'w')).toBeUndefined();
  });
});

describe('mayActOnBehalf', () => {
  it('only the configured service subjects, exactly', () => {
    const services = serviceSubjectsOf(' service:feedback, service:other ');
    expect(services).toEqual(['service:feedback', 'service:other']);
    expect(mayActOnBehalf('service:feedback', services)).toBe(true);
    expect(mayActOnBehalf('admin-a', services)).toBe(false);
    expect(mayActOnBehalf('service:feedback2', services)).toBe(false);
    expect(mayActOnBehalf('service:feedback', serviceSubjectsOf(''))).toBe(false);
  });
});
