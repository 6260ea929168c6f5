import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  type AuthVariables,
  authSettingsFromVariables,
  DEFAULT_KEY_WITHDRAWAL_SECONDS,
  usesDevelopmentSecret,
} from '../core/auth-settings';
import { TokenVerifier } from '../core/token-verifier';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';
import { WorkflowAccessGuard } from './workflow-access.guard';
import { TypedConfig } from '@countersign/platform';
import { AuthEnvironment } from './auth-environment';

export interface AuthModuleOptions {
  /**
   * Apply JwtAuthGuard, RolesGuard then WorkflowAccessGuard to every HTTP route of the application (default true: a route forgotten is
   * refused, not open). Mark open routes `@Public()`. With false, protect controllers with
   * `@UseGuards(JwtAuthGuard, RolesGuard, WorkflowAccessGuard)`.
   */
  guardEveryRoute?: boolean;
}

/**
 * Bearer-token authentication for a service's HTTP API, configured from AUTH_* variables through the global
 * ConfigService (see AuthEnvironment). Refuses to start on unsafe settings (short secret, non-https key URLs).
 */
@Module({})
export class AuthModule {
  static forRootAsync(options: AuthModuleOptions = {}): DynamicModule {
    const guards: Provider[] =
      (options.guardEveryRoute ?? true)
        ? [
            // Registration order is execution order: authenticate first, then check roles, then workflows.
            { provide: APP_GUARD, useExisting: JwtAuthGuard },
            { provide: APP_GUARD, useExisting: RolesGuard },
            { provide: APP_GUARD, useExisting: WorkflowAccessGuard },
          ]
        : [];
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: TokenVerifier, inject: [TypedConfig], useFactory: tokenVerifierFromConfig },
        JwtAuthGuard,
        RolesGuard,
        WorkflowAccessGuard,
        ...guards,
      ],
      exports: [TokenVerifier, JwtAuthGuard, RolesGuard, WorkflowAccessGuard],
    };
  }
}

function tokenVerifierFromConfig(config: TypedConfig<AuthEnvironment>): TokenVerifier {
  const variables: AuthVariables = {
    AUTH_MODE: config.get('AUTH_MODE'),
    AUTH_HS256_SECRET: config.get('AUTH_HS256_SECRET'),
    AUTH_ISSUER: config.get('AUTH_ISSUER'),
    AUTH_AUDIENCE: config.get('AUTH_AUDIENCE'),
    AUTH_JWKS_URL: config.get('AUTH_JWKS_URL'),
    AUTH_KEY_WITHDRAWAL_SECONDS: String(config.get('AUTH_KEY_WITHDRAWAL_SECONDS')),
  };
  const verifier = new TokenVerifier(authSettingsFromVariables(variables));
  const { settings } = verifier;
  const logger = new Logger('Auth');
  if (usesDevelopmentSecret(settings)) {
    logger.warn({
      msg: 'development mode: accepting tokens signed with the public development secret (AUTH_HS256_SECRET is not set) — anyone can mint them. Never in production: set AUTH_HS256_SECRET, or AUTH_MODE=oidc.',
    });
  }
  logger.log({
    msg: 'bearer-token authentication configured',
    mode: settings.mode,
    issuer: settings.issuer,
    audience: settings.audience,
    ...(settings.mode === 'oidc'
      ? {
          jwksUrl: settings.jwksUrl ?? 'from OIDC discovery',
          keyWithdrawalSeconds: settings.keyWithdrawalSeconds ?? DEFAULT_KEY_WITHDRAWAL_SECONDS,
        }
      : {}),
  });
  return verifier;
}
