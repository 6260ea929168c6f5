const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds from `3600`, `90s`, `15m`, `8h` or `1d`; throws a RangeError naming the accepted forms otherwise. */
export function parseTtl(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || 's'] : 0;
  if (!match || seconds <= 0 || !Number.isSafeInteger(seconds)) {
    throw new RangeError(
      `ttl must be a positive number of seconds or a duration like 90s, 15m, 8h, 1d (got "${text}")`,
    );
  }
  return seconds;
}
