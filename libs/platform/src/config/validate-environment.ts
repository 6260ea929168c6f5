import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { developmentDefaultsIn } from './development-default';

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/**
 * Reads and checks the environment against a class of defaults and constraints, reporting every problem at once
 * (name, what is wrong, and the value given) so an operator fixes them in one go.
 */
export function validateEnvironment<T extends object>(environmentClass: new () => T, raw: Record<string, unknown>): T {
  // Empty strings mean "not set", so that `FOO= npm start` falls back to the default rather than failing.
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const environment = plainToInstance(environmentClass, given, { exposeDefaultValues: true });
  // One message per variable: "abc" is not an integer, and saying it is also out of range only confuses.
  const errors = validateSync(environment, { whitelist: false, stopAtFirstError: true });
  const problems = errors.map((error) => {
    const messages = Object.values(error.constraints ?? {}).join('; ');
    const value = raw[error.property];
    return `${error.property}: ${messages}${value === undefined ? ' (not set)' : ` (got ${JSON.stringify(redact(value))})`}`;
  });
  // Secure by default: a public development secret is a configuration error unless development mode is explicit.
  // The value is never printed (it is public, but a message that prints secrets would leak real ones on a typo).
  if ((environment as { COUNTERSIGN_DEVELOPMENT?: unknown }).COUNTERSIGN_DEVELOPMENT !== 'true') {
    for (const variable of developmentDefaultsIn(environmentClass, environment)) {
      problems.push(
        `${variable}: holds the public development default, which anyone can read in the source; set your own ` +
          'value, or COUNTERSIGN_DEVELOPMENT=true for a local development run',
      );
    }
  }
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return environment;
}

/** Passwords in connection URLs never reach a log or a terminal. */
function redact(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@') : value;
}
