import { ConfigService } from '@nestjs/config';
import { PlatformEnvironment } from './platform-environment';

/**
 * The validated environment, read by name with its type: `config.get('REVIEW_LEASE_SECONDS')` is a number. The
 * default is the environment class's own initialiser, so a default is written once, in the class, and nowhere at a
 * call site (after twenty's `TwentyConfigService.get<K extends keyof ConfigVariables>`).
 *
 * Inject it as `TypedConfig<ReviewEnvironment>`; a library that needs only the shared variables injects
 * `TypedConfig` (the platform's). PlatformConfigModule provides the one instance, built for the service's class.
 */
export class TypedConfig<E extends object = PlatformEnvironment> {
  private readonly defaults: E;

  constructor(
    private readonly config: ConfigService,
    environmentClass: new () => E,
  ) {
    this.defaults = new environmentClass();
  }

  get<K extends keyof E & string>(key: K): E[K] {
    const value = this.config.get<E[K]>(key);
    return value === undefined ? this.defaults[key] : value;
  }

  /** A variable without a default that the service cannot do without (e.g. PORT of a class that sets none). */
  require<K extends keyof E & string>(key: K): NonNullable<E[K]> {
    const value = this.get(key);
    if (value === undefined || value === null) throw new Error(`configuration variable ${key} is not set`);
    return value as NonNullable<E[K]>;
  }
}
