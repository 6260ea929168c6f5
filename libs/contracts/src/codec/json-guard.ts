import { JsonLimits, JsonLimitSettings } from './json-limits';

/** Why a well-formed JSON document still cannot be stored as it is. */
export type JsonGuardReason = 'too_large' | 'too_deep' | 'unsafe_text' | 'unsafe_number' | 'duplicate_key';

export interface JsonGuardViolation {
  reason: JsonGuardReason;
  /** "pointer: message" lines; the reason is that of the first. */
  errors: string[];
}

/** At most this many lines per record: enough to fix the producer, small enough for a Kafka header. */
const MAX_ERRORS = 10;

// NUL, or a surrogate half without its other half: neither survives Postgres (text refuses NUL, jsonb refuses both).
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for.
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** RFC 6901 escaping, with what the pointer must not carry itself (NUL, lone surrogates) shown as \uXXXX. */
export function pointerSegment(key: string): string {
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return shown
    .replace(/~/g, '~0')
    .replace(/\//g, '~1')
    .replace(
      // eslint-disable-next-line no-control-regex -- control characters are what must be shown escaped.
      /[\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

/**
 * A JSON pointer as a stack of segments (keys unescaped, indices as numbers), turned into text only when a violation
 * is reported: documents are almost always fine, and building a pointer for every member cost the router more than
 * parsing the document (issue 16's profile).
 */
type Path = Array<string | number>;
const pointerOf = (path: Path): string =>
  path.map((segment) => (typeof segment === 'number' ? `/${segment}` : `/${pointerSegment(segment)}`)).join('');

// What UNSAFE_TEXT can match starts with one of these; a string without any needs no further look.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for.
const MAYBE_UNSAFE = /[\u0000\ud800-\udfff]/;

/**
 * Checks a parsed document against the limits: string and key contents and lengths, nesting depth and numbers.
 * Recursion stops at the depth limit, so a hostile document cannot exhaust the stack.
 */
export function checkJsonValue(plain: unknown, limits: JsonLimitSettings = JsonLimits): JsonGuardViolation | undefined {
  const found: Array<{ reason: JsonGuardReason; line: string }> = [];
  const path: Path = [];
  const report = (reason: JsonGuardReason, message: string) => {
    if (found.length < MAX_ERRORS) found.push({ reason, line: `${pointerOf(path) || '/'}: ${message}` });
  };
  const text = (value: string, what: string, max: number) => {
    if (value.length > max) report('too_large', `${what} is ${value.length} characters long; at most ${max}`);
    if (MAYBE_UNSAFE.test(value) && UNSAFE_TEXT.test(value))
      report('unsafe_text', `${what} holds NUL or a lone UTF-16 surrogate`);
  };
  const walk = (value: unknown, depth: number): void => {
    if (found.length >= MAX_ERRORS) return;
    if (typeof value === 'string') return text(value, 'string', limits.maxStringLength);
    if (typeof value === 'number') {
      // JSON.parse reads 1e999 as Infinity, which JSON cannot write back (integer literals it rounds are found in
      // the raw text by scanRawJson).
      if (!Number.isFinite(value)) report('unsafe_number', 'number is not finite');
      return;
    }
    // Bytes are not JSON text: a Kafka record's key, value and headers reach the global HTTP pipe too (a consumer
    // inherits the app's pipes), and walking them byte by byte as an object's members was most of the router's CPU.
    // The decoder checks a record's value itself; a byte is a number here, so nothing inside could be reported.
    if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return;
    if (depth > limits.maxDepth) return report('too_deep', `nested deeper than ${limits.maxDepth} levels`);
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        walk(value[index], depth + 1);
        path.pop();
      }
      return;
    }
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      path.push(key);
      text(key, 'key', limits.maxKeyLength);
      walk((value as Record<string, unknown>)[key], depth + 1);
      path.pop();
    }
  };
  walk(plain, 1);
  return found.length ? { reason: found[0].reason, errors: found.map((entry) => entry.line) } : undefined;
}

/**
 * What only the raw text shows, in `text` (valid JSON): keys repeated within one object (JSON.parse keeps the last
 * silently, so a producer and a consumer could read different documents from the same bytes), and integers written
 * beyond ±(2^53 - 1), which JSON.parse rounds to another number. Numbers written with a fraction or an exponent are
 * read as doubles by every JSON reader and are left alone.
 */
export function scanRawJson(text: string): JsonGuardViolation | undefined {
  interface Frame {
    keys: Set<string> | null;
    /** The enclosing frame and this container's segment in it: the pointer is built only when reported. */
    parent: Frame | undefined;
    segment: string | number | undefined;
    index: number;
    key: string;
  }
  const found: Array<{ reason: JsonGuardReason; line: string }> = [];
  const stack: Frame[] = [];
  let expectKey = false;
  let nextBackslash = text.indexOf('\\');
  const pathOf = (frame: Frame | undefined): Path => {
    const path: Path = [];
    for (let at = frame; at?.segment !== undefined; at = at.parent) path.unshift(at.segment);
    return path;
  };
  const childPointer = () => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    return pointerOf([...pathOf(top), top.keys ? top.key : top.index]);
  };
  for (let i = 0; i < text.length && found.length < MAX_ERRORS; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // The closing quote: the next one not escaped (an odd run of backslashes before it escapes it).
      let j = text.indexOf('"', i + 1);
      for (;;) {
        if (j < 0) {
          j = text.length;
          break;
        }
        let backslashes = 0;
        while (text.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      // Whether the string holds any escape; the next backslash is looked up once per backslash, not per string.
      if (nextBackslash >= 0 && nextBackslash <= i) nextBackslash = text.indexOf('\\', i + 1);
      const escaped = nextBackslash >= 0 && nextBackslash < j;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top.keys.has(key))
          found.push({ reason: 'duplicate_key', line: `${pointerOf([...pathOf(top), key])}: duplicate key` });
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      const top = stack[stack.length - 1];
      const segment = top ? (top.keys ? top.key : top.index) : undefined;
      stack.push({ keys: c === 0x7b ? new Set() : null, parent: top, segment, index: 0, key: '' });
      expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i;
      while (j < text.length && isNumberChar(text.charCodeAt(j))) j++;
      // Fifteen digits or fewer are always a safe integer: only longer literals need the exact check.
      if (j - i > 15) {
        const literal = text.slice(i, j);
        if (/^-?\d+$/.test(literal) && !isExactDouble(literal)) {
          found.push({
            reason: 'unsafe_number',
            line: `${childPointer() || '/'}: integer ${literal.slice(0, 40)} has more digits than a double keeps`,
          });
        }
      }
      i = j - 1;
    }
  }
  return found.length ? { reason: found[0].reason, errors: found.map((entry) => entry.line) } : undefined;
}

/** [-+.eE0-9]: the characters of a JSON number. */
const isNumberChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;

/**
 * Whether an integer literal reads back as itself: a safe integer, or the shortest digits of a double as every JSON
 * encoder writes it (JSON.stringify(1.2345678901234568e20) is "123456789012345680000"). 9007199254740993 is not: it
 * is read as 9007199254740992.
 */
function isExactDouble(literal: string): boolean {
  const value = Number(literal);
  if (Number.isSafeInteger(value)) return true;
  if (!Number.isFinite(value)) return false;
  const digits = literal.replace(/^-/, '');
  const shortest = String(Math.abs(value));
  const exponent = /^(\d)(?:\.(\d+))?e\+(\d+)$/.exec(shortest);
  if (!exponent) return shortest === digits;
  const mantissa = exponent[1] + (exponent[2] ?? '');
  return mantissa + '0'.repeat(Number(exponent[3]) + 1 - mantissa.length) === digits;
}
