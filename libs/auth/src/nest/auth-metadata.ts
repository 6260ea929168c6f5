import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '../core/principal';

// Public routes are marked by libs/platform (its health and metrics controllers need it, and platform cannot depend on
// auth); re-exported so services import everything about access from one place.
export { Public, PUBLIC_ROUTE } from '@countersign/platform';
export const REQUIRED_ROLES = 'countersign:required-roles';

/**
 * Requires at least one of `roles` (roles are ordered: admin ⊇ lead ⊇ reviewer, so `@Roles('lead')` admits admins).
 * On a handler it replaces any `@Roles` on its controller.
 */
export const Roles = (...roles: [Role, ...Role[]]) =>
  // Also in the OpenAPI document (x-countersign-roles), where the authorisation matrix test reads it.
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension('x-countersign-roles', roles));
