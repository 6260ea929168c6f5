import type { Principal } from './principal';

/** What a fully verified token established, and the claims that bound when it holds (seconds since the epoch). */
export interface VerifiedToken {
  principal: Principal;
  /** The token's `exp`. */
  expiresAt: number;
  /** The token's `nbf`, when it has one. */
  notBefore?: number;
  /** When jose accepted it; an entry older than the cache's maxAgeSeconds is verified again. */
  verifiedAt?: number;
}

/**
 * Tokens that already passed full verification, keyed by the whole token string: signature included, so only a
 * byte-identical token can hit, never an edited one. Failures are never remembered — the verifier only ever calls
 * `remember` after jose accepted the token.
 *
 * The time window is checked again on every hit with jose's own rule (`exp <= now - tolerance` is expired,
 * `nbf > now + tolerance` is not yet valid, `now` in whole seconds). An entry outside its window is dropped and reported
 * as a miss, so the caller falls back to full verification and refuses with exactly the error it always gave.
 *
 * Aged: an entry is trusted for at most maxAgeSeconds (default 10 minutes) after its verification, then the token is
 * verified again — so a signing key the identity provider withdraws stops being honoured within that time, as with
 * jose's own key-set cache, instead of lasting until each token's `exp`.
 *
 * Bounded: when full, the least recently used token is forgotten, so a reviewer's hot token survives a burst of
 * one-off tokens. Principals are frozen (arrays too) because every hit hands out the same object.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(
    /** 0 remembers nothing. */
    readonly maxEntries: number,
    private readonly toleranceSeconds: number,
    private readonly maxAgeSeconds = 600,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new RangeError(`verified token cache size must be a whole number ≥ 0 (got ${maxEntries})`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The principal of a remembered token that is still valid at `now`, or undefined. */
  lookup(token: string, now: Date): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    const seconds = Math.floor(now.getTime() / 1000);
    const expired = entry.expiresAt <= seconds - this.toleranceSeconds;
    const notYetValid = entry.notBefore !== undefined && entry.notBefore > seconds + this.toleranceSeconds;
    const tooOld = entry.verifiedAt !== undefined && seconds - entry.verifiedAt >= this.maxAgeSeconds;
    this.entries.delete(token);
    if (expired || notYetValid || tooOld) return undefined;
    // Re-inserting moves the token to the young end of the Map's insertion order: least recently used goes first.
    this.entries.set(token, entry);
    return entry.principal;
  }

  /** Remembers a token jose has just accepted; returns the frozen principal to hand out from now on. */
  remember(token: string, verified: VerifiedToken): Principal {
    const principal = freezePrincipal(verified.principal);
    if (this.maxEntries === 0) return principal;
    this.entries.delete(token);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(token, { ...verified, principal });
    return principal;
  }
}

function freezePrincipal(principal: Principal): Principal {
  Object.freeze(principal.roles);
  Object.freeze(principal.groups);
  Object.freeze(principal.workflows);
  return Object.freeze(principal);
}
