/**
 * Marks a variable whose class default is a public value (printed in the source and the README) that only a local
 * run may use: validateEnvironment refuses to start with it unless COUNTERSIGN_DEVELOPMENT=true. `applies` narrows
 * it to configurations that read the variable at all (AUTH_HS256_SECRET only when AUTH_MODE=hs256).
 */
export function DevelopmentDefault<T extends object>(applies?: (environment: T) => boolean): PropertyDecorator {
  return (target, property) => {
    const marks = ownMarks(target.constructor);
    marks.push({ property: String(property), applies: applies as ((environment: object) => boolean) | undefined });
  };
}

interface DevelopmentDefaultMark {
  property: string;
  applies?: (environment: object) => boolean;
}

const MARKS = new WeakMap<object, DevelopmentDefaultMark[]>();

function ownMarks(constructor: object): DevelopmentDefaultMark[] {
  let marks = MARKS.get(constructor);
  if (!marks) {
    marks = [];
    MARKS.set(constructor, marks);
  }
  return marks;
}

/**
 * The variables of `environment` that still hold their public development default (compared by value, so a README
 * value pasted in is caught too). Walks the class hierarchy: AuthEnvironment's marks apply to every service.
 */
export function developmentDefaultsIn<T extends object>(environmentClass: new () => T, environment: T): string[] {
  const defaults = new environmentClass() as Record<string, unknown>;
  const found: string[] = [];
  for (
    let type: object | null = environmentClass;
    type && type !== Function.prototype;
    type = Object.getPrototypeOf(type)
  ) {
    for (const mark of MARKS.get(type) ?? []) {
      if (mark.applies && !mark.applies(environment)) continue;
      const value = (environment as Record<string, unknown>)[mark.property];
      if (value !== undefined && value === defaults[mark.property]) found.push(mark.property);
    }
  }
  return [...new Set(found)].sort();
}
