import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Write limits per reviewer (the token's subject), not per address: a team behind one proxy shares an address. */
@Injectable()
export class ReviewerThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as { subject?: string } | undefined;
    return principal?.subject ?? String(request.ip);
  }
}
