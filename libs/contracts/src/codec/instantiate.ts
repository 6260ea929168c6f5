import { typeMetadataStorage as defaultMetadataStorage } from './type-metadata-storage';
import { getMetadataStorage } from 'class-validator';

type EventClass<T> = new () => T;

export interface Instantiated<T> {
  value: T;
  /** One `path: property x should not exist` line per field the class does not declare (those are not copied). */
  undeclared: string[];
}

const declaredByClass = new WeakMap<EventClass<object>, ReadonlySet<string>>();

function declaredProperties(eventClass: EventClass<object>): ReadonlySet<string> {
  let declared = declaredByClass.get(eventClass);
  if (!declared) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(eventClass, '', true, false);
    declared = new Set(metadatas.map((metadata) => metadata.propertyName));
    declaredByClass.set(eventClass, declared);
  }
  return declared;
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds an instance of an event class from parsed JSON, for class-validator to check: field initialisers supply the
 * defaults, declared fields are copied, classes named by @Type() are instantiated, and free-form JSON (output,
 * attributes, ...) is kept exactly as parsed.
 *
 * Not class-transformer's plainToInstance: it also walks free-form JSON, silently drops keys named `constructor`,
 * `__proto__` or like any Object.prototype method (`toString`, `valueOf`, ...) and throws a TypeError on an object
 * with a `constructor` key, which would crash a consumer on valid input. And class-validator's whitelist does not see
 * unknown fields with such names either, so unknown fields are reported here.
 */
export function instantiate<T extends object>(eventClass: EventClass<T>, plain: object, path = ''): Instantiated<T> {
  const declared = declaredProperties(eventClass);
  const value = new eventClass();
  const undeclared: string[] = [];
  for (const [key, raw] of Object.entries(plain)) {
    const at = path ? `${path}.${key}` : key;
    if (!declared.has(key)) {
      undeclared.push(`${at}: property ${key} should not exist`);
      continue;
    }
    // A field given as undefined counts as left out, so it keeps its default.
    if (raw === undefined) continue;
    const nestedClass = defaultMetadataStorage.findTypeMetadata(eventClass, key)?.typeFunction() as
      EventClass<object> | undefined;
    (value as Record<string, unknown>)[key] = nestedClass ? instantiateNested(nestedClass, raw, at, undeclared) : raw;
  }
  return { value, undeclared };
}

/** A nested object or an array of them; anything else is left for class-validator to reject. */
function instantiateNested(nestedClass: EventClass<object>, raw: unknown, at: string, undeclared: string[]): unknown {
  const one = (item: unknown, itemPath: string) => {
    if (!isPlainObject(item)) return item;
    const nested = instantiate(nestedClass, item, itemPath);
    undeclared.push(...nested.undeclared);
    return nested.value;
  };
  return Array.isArray(raw) ? raw.map((item, index) => one(item, `${at}.${index}`)) : one(raw, at);
}
