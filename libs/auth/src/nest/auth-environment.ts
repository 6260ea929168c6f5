import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  Max,
  Min,
  IsNotEmpty,
  IsOptional,
  IsString,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { DevelopmentDefault, PlatformEnvironment } from '@countersign/platform';
import {
  AUTH_MODES,
  type AuthMode,
  DEFAULT_AUTH_AUDIENCE,
  DEFAULT_AUTH_ISSUER,
  DEFAULT_KEY_WITHDRAWAL_SECONDS,
  DEVELOPMENT_HS256_SECRET,
  isKeyServerUrl,
  KEY_WITHDRAWAL_SECONDS_RANGE,
} from '../core/auth-settings';

@ValidatorConstraint({ name: 'oidcKeyServerUrl' })
class OidcKeyServerUrl implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    if ((args.object as AuthEnvironment).AUTH_MODE !== 'oidc' || value === undefined) return true;
    return typeof value === 'string' && isKeyServerUrl(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be an https URL (http only on localhost) when AUTH_MODE=oidc`;
  }
}

/**
 * PlatformEnvironment plus the variables of services with an authenticated HTTP API (router's admin API, review's
 * reviewer API): `class ReviewEnvironment extends AuthEnvironment`. Give every variable a JSDoc comment: it is its
 * documentation in docs/configuration.md.
 *
 * The secret's length (≥ 32) is checked when AuthModule starts rather than here, because a validation failure here
 * would print the rejected value — the secret — in the start-up error.
 */
export class AuthEnvironment extends PlatformEnvironment {
  /** `hs256` (development tokens, `npm run token`) or `oidc` (a production identity provider). */
  @IsIn(AUTH_MODES)
  AUTH_MODE: AuthMode = 'hs256';

  /**
   * HS256 signing secret, at least 32 characters; unset, the public development secret is accepted and a warning is
   * logged.
   * @default a public development secret
   */
  @IsString()
  @DevelopmentDefault<AuthEnvironment>((environment) => environment.AUTH_MODE === 'hs256')
  AUTH_HS256_SECRET = DEVELOPMENT_HS256_SECRET;

  /** The expected `iss`; in `oidc` mode the issuer URL (https). */
  @IsString()
  @IsNotEmpty()
  @Validate(OidcKeyServerUrl)
  AUTH_ISSUER = DEFAULT_AUTH_ISSUER;

  /** The expected `aud`. */
  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE = DEFAULT_AUTH_AUDIENCE;

  /**
   * The key set URL in `oidc` mode.
   * @default from OIDC discovery
   */
  @IsOptional()
  @IsString()
  @Validate(OidcKeyServerUrl)
  AUTH_JWKS_URL?: string;

  /** AUTH_MODE=oidc: seconds after which a key withdrawn from the JWKS no longer verifies any token. */
  @Type(() => Number)
  @IsInt()
  @Min(KEY_WITHDRAWAL_SECONDS_RANGE.min)
  @Max(KEY_WITHDRAWAL_SECONDS_RANGE.max)
  AUTH_KEY_WITHDRAWAL_SECONDS = DEFAULT_KEY_WITHDRAWAL_SECONDS;
}
