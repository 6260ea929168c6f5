import { SetMetadata } from '@nestjs/common';
import type { Role } from '../core/principal';

/**
 * Metadata key marking a route or controller as open to anonymous callers. A plain string on purpose: a library that
 * cannot depend on @countersign/auth (libs/platform's HealthController) can mark itself with
 * `SetMetadata('countersign:public-route', true)`.
 */
export const PUBLIC_ROUTE = 'countersign:public-route';
export const REQUIRED_ROLES = 'countersign:required-roles';

/** Skips authentication for this route or controller (health probes, the OpenAPI document). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Requires at least one of `roles` (roles are ordered: admin ⊇ lead ⊇ reviewer, so `@Roles('lead')` admits admins).
 * On a handler it replaces any `@Roles` on its controller.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);
