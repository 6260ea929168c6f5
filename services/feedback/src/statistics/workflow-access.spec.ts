import { ForbiddenException } from '@nestjs/common';
import { Principal } from '@countersign/auth';
import { scopeFor } from './workflow-access';

const lead = (workflows: string[]): Principal => ({ subject: 'lead', roles: ['lead'], groups: [], workflows });

describe('scopeFor', () => {
  it('leaves the scope alone for a token that grants every workflow', () => {
    expect(scopeFor(lead(['*']), { workflow: 'kyc', from: '2026-11-01T00:00:00Z' })).toEqual({
      workflow: 'kyc',
      from: '2026-11-01T00:00:00Z',
    });
  });

  it('narrows an open question to the granted workflows and refuses another one', () => {
    expect(scopeFor(lead(['kyc', 'invoice-coding']), {})).toEqual({ workflows: ['kyc', 'invoice-coding'] });
    expect(scopeFor(lead(['kyc']), { workflow: 'kyc' })).toEqual({ workflow: 'kyc' });
    expect(() => scopeFor(lead(['kyc']), { workflow: 'contract-review' })).toThrow(ForbiddenException);
    expect(scopeFor(lead([]), {})).toEqual({ workflows: [] });
  });
});
