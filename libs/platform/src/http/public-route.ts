import { SetMetadata } from '@nestjs/common';

/** Metadata key marking a route or controller as open to anonymous callers (read by @countersign/auth's guard). */
export const PUBLIC_ROUTE = 'countersign:public-route';

/** Skips authentication for this route or controller (health probes, metrics scrapes). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
