/**
 * A `reviewFlags` pattern as a RegExp: `*` matches any run of characters (none included), every other character
 * matches itself.
 *
 * The obvious translation, `*` to `.*`, backtracks polynomially in the number of stars: `*a*a*a*a*c` against a flag of
 * 200 `a`s takes 18 s, and each further star multiplies that by about 50. Flags come from producers and the router
 * matches them on its hot path, so a pattern must not be able to stall it. Instead each literal between two stars is
 * matched at its leftmost occurrence inside a lookahead, which JavaScript never backtracks into
 * (`(?=([\s\S]*?lit))\1`). Leftmost is always right for `*`-only globs: it leaves the most room for what follows.
 * Matching is then linear in the flag for each literal.
 */
export function compileFlagPattern(pattern: string): RegExp {
  const literals = pattern.split('*').map(escapeRegExp);
  if (literals.length === 1) return new RegExp(`^${literals[0]}$`);
  const first = literals[0];
  const last = literals[literals.length - 1];
  const middle = literals.slice(1, -1).filter((literal) => literal !== '');
  const atLeftmost = middle.map((literal, i) => `(?=([\\s\\S]*?${literal}))\\${i + 1}`).join('');
  return new RegExp(`^${first}${atLeftmost}[\\s\\S]*${last}$`);
}

/** Why an administrator's pattern cannot be right, if it cannot; such a pattern would silently never match. */
export function flagPatternProblem(pattern: string): string | undefined {
  if (pattern === '') return 'must not be empty';
  if (pattern.trim() !== pattern) return 'must not start or end with white space';
  return undefined;
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
