/** One changed field between the AI's output and the reviewer's correction. */
export interface FieldChange {
  field: string;
  kind: 'changed' | 'added' | 'removed';
  before?: unknown;
  after?: unknown;
}

/**
 * The top-level fields a correction changes, in the AI output's field order then the new ones. Values compare as JSON
 * (object key order does not matter), so an untouched nested value is not reported.
 */
export function diffOutput(aiOutput: Record<string, unknown>, correction: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, before] of Object.entries(aiOutput)) {
    if (!(field in correction)) changes.push({ field, kind: 'removed', before });
    else if (canonical(before) !== canonical(correction[field])) {
      changes.push({ field, kind: 'changed', before, after: correction[field] });
    }
  }
  for (const [field, after] of Object.entries(correction)) {
    if (!(field in aiOutput)) changes.push({ field, kind: 'added', after });
  }
  return changes;
}

/** A value as one line for the diff view. */
export function showValue(value: unknown): string {
  return value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
