/** Whether every expected id was seen exactly once, and nothing else was seen. */
export interface ExactlyOnceCheck {
  expected: number;
  seen: number;
  exactlyOnce: number;
  missing: string[];
  duplicated: string[];
  unexpected: string[];
}

export function checkExactlyOnce(expectedIds: Iterable<string>, observedIds: Iterable<string>): ExactlyOnceCheck {
  const expected = new Set(expectedIds);
  const counts = new Map<string, number>();
  let seen = 0;
  for (const id of observedIds) {
    counts.set(id, (counts.get(id) ?? 0) + 1);
    seen++;
  }
  const missing = [...expected].filter((id) => !counts.has(id));
  const duplicated = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
  const unexpected = [...counts.keys()].filter((id) => !expected.has(id));
  const exactlyOnce = [...expected].filter((id) => counts.get(id) === 1).length;
  return { expected: expected.size, seen, exactlyOnce, missing, duplicated, unexpected };
}

export function isClean(check: ExactlyOnceCheck): boolean {
  return check.missing.length === 0 && check.duplicated.length === 0 && check.unexpected.length === 0;
}
