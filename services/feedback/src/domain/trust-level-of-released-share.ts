import { TrustLevel } from '@countersign/contracts';

/**
 * The trust-ladder level a risk rule shows, from the share of decisions it releases — the ladder's own meaning read
 * backwards: level 1 reviews at least 80% (releases under 20%), level 2 an edge band and a sample (under 60% released),
 * level 3 spot checks (under 90%), level 4 all but a sample released. Display only: under a risk budget the learned
 * cut, not the level, decides each route.
 */
export function trustLevelOfReleasedShare(releasedShare: number): TrustLevel {
  if (releasedShare < 0.2) return 1;
  if (releasedShare < 0.6) return 2;
  if (releasedShare < 0.9) return 3;
  return 4;
}
