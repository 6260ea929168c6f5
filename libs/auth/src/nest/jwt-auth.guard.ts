import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationError, IdentityProviderUnavailableError } from '../core/authentication-error';
import { TokenVerifier } from '../core/token-verifier';
import { PUBLIC_ROUTE } from './auth-metadata';
import { type AuthenticatedRequest, type ChallengeResponse, httpRefusal } from './http-refusal';

// Reasons that suggest someone is trying to get in with a token we never issued, rather than a stale session.
const SUSPICIOUS = new Set(['unsigned', 'bad_signature', 'algorithm_not_allowed']);

/**
 * Authenticates HTTP requests by their `Authorization: Bearer` token and attaches the Principal to the request.
 * Applied to every route by `AuthModule.forRootAsync()` (or per controller with `@UseGuards`); `@Public()` opts out.
 * Kafka handlers are not HTTP and pass untouched: they are trusted by topic, not by token.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    try {
      request.principal = await this.verifier.verifyAuthorization(request.headers.authorization);
      return true;
    } catch (error) {
      if (error instanceof AuthenticationError) {
        const line = { msg: 'request refused: not authenticated', reason: error.reason };
        if (SUSPICIOUS.has(error.reason)) this.logger.warn(line);
        else this.logger.debug(line);
      } else if (error instanceof IdentityProviderUnavailableError) {
        this.logger.error({ msg: 'cannot verify tokens', error: error.message });
      } else {
        throw error;
      }
      throw httpRefusal(error, http.getResponse<ChallengeResponse>());
    }
  }
}
