import { AuthenticationError } from './authentication-error';

export const ROLES = ['reviewer', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** In `workflows`, grants every workflow. */
export const ALL_WORKFLOWS = '*';

/** Who is calling, as established by a verified token. */
export interface Principal {
  /** The token's `sub`: the reviewer id recorded on verdicts and policy changes. */
  subject: string;
  /** Known roles only, as granted; use `hasRole` to ask, since roles are ordered. */
  roles: Role[];
  groups: string[];
  /** Workflows this principal may review; `'*'` means all. */
  workflows: string[];
}

// admin ⊇ lead ⊇ reviewer: a lead can do everything a reviewer can, an admin everything a lead can.
const ROLE_RANK: Record<Role, number> = { reviewer: 1, lead: 2, admin: 3 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Maps verified JWT claims to a Principal.
 *
 * - `sub` is required (a non-empty string).
 * - `roles`, `groups` and `workflows` may each be absent, an array of strings, or one space/comma separated string
 *   (the OAuth `scope` style some identity providers use). Any other shape is refused as `invalid_claims`.
 * - Role names we do not know are ignored rather than refused: identity providers put their own roles in the same
 *   claim (Keycloak's `offline_access`, `uma_authorization`), and ignoring one can only take rights away.
 * - A token without any known role is still authenticated; it is simply authorised for nothing (403, not 401).
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const { sub } = claims;
  if (typeof sub !== 'string' || sub.trim() === '') {
    throw new AuthenticationError('invalid_claims', 'token has no subject (sub claim)');
  }
  return {
    subject: sub,
    roles: listClaim(claims, 'roles').filter(isRole),
    groups: listClaim(claims, 'groups'),
    workflows: listClaim(claims, 'workflows'),
  };
}

function listClaim(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  if (value === undefined || value === null) return [];
  let items: string[];
  if (typeof value === 'string') {
    items = value.split(/[\s,]+/);
  } else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    items = value.map((item: string) => item.trim());
  } else {
    throw new AuthenticationError('invalid_claims', `token claim "${name}" must be a list of strings`);
  }
  return [...new Set(items.filter((item) => item !== ''))];
}

/** True when the principal holds `role` or a role above it (admin ⊇ lead ⊇ reviewer). */
export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.some((held) => ROLE_RANK[held] >= ROLE_RANK[role]);
}

/** True when the principal satisfies at least one of `roles`. */
export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((role) => hasRole(principal, role));
}

/**
 * True when the principal may review tasks of `workflow`: at least a reviewer, and the workflow is granted by name
 * or by `'*'`. Roles do not widen workflows — an admin or lead sees only the workflows granted to them, so that
 * running the platform never implies reading every workflow's data.
 */
export function mayReviewWorkflow(principal: Principal, workflow: string): boolean {
  return (
    hasRole(principal, 'reviewer') &&
    (principal.workflows.includes(ALL_WORKFLOWS) || principal.workflows.includes(workflow))
  );
}
