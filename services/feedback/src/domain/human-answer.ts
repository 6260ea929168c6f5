import { VerdictKind } from '@countersign/contracts';

/**
 * A canonical string for what a human answered: the verdict, and for a correction the corrected output with object
 * keys sorted. Two judgments agree when their answers are equal, whatever order the fields were written in. `digest`
 * shortens the output (storage passes a hash); equal outputs give equal digests, so equality still means agreement.
 */
export function humanAnswer(
  verdict: VerdictKind,
  finalOutput: unknown,
  digest: (canonical: string) => string = (canonical) => canonical,
): string {
  return verdict === 'correct' ? `correct:${digest(canonicalJson(finalOutput))}` : verdict;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
