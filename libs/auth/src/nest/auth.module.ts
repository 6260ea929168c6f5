import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type AuthVariables, authSettingsFromVariables, usesDevelopmentSecret } from '../core/auth-settings';
import { TokenVerifier } from '../core/token-verifier';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';
import { TypedConfig } from '@countersign/platform';
import { AuthEnvironment } from './auth-environment';

export interface AuthModuleOptions {
  /**
   * Apply JwtAuthGuard then RolesGuard to every HTTP route of the application (default true: a route forgotten is
   * refused, not open). Mark open routes `@Public()`. With false, protect controllers with
   * `@UseGuards(JwtAuthGuard, RolesGuard)`.
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
            // Registration order is execution order: authenticate first, then check roles.
            { provide: APP_GUARD, useExisting: JwtAuthGuard },
            { provide: APP_GUARD, useExisting: RolesGuard },
          ]
        : [];
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: TokenVerifier, inject: [TypedConfig], useFactory: tokenVerifierFromConfig },
        JwtAuthGuard,
        RolesGuard,
        ...guards,
      ],
      exports: [TokenVerifier, JwtAuthGuard, RolesGuard],
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
  };
  const verifier = new TokenVerifier(authSettingsFromVariables(variables));
  const { settings } = verifier;
  const logger = new Logger('Auth');
  if (usesDevelopmentSecret(settings)) {
    logger.warn({
      msg: 'AUTH_HS256_SECRET is not set: accepting tokens signed with the public development secret — anyone can mint them. Set AUTH_HS256_SECRET, or AUTH_MODE=oidc in production.',
    });
  }
  logger.log({
    msg: 'bearer-token authentication configured',
    mode: settings.mode,
    issuer: settings.issuer,
    audience: settings.audience,
    ...(settings.mode === 'oidc' ? { jwksUrl: settings.jwksUrl ?? 'from OIDC discovery' } : {}),
  });
  return verifier;
}
