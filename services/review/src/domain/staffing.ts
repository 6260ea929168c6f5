/**
 * How many people may work a workflow's tasks: reviewers (not leads) and leads. Review knows principals only from
 * their tokens, never a roster, so the staffing is declared (REVIEW_STAFFING) per workflow, `*` for the rest; a
 * workflow with no declared staffing is taken to have enough people.
 */
export interface Staff {
  reviewers: number;
  leads: number;
}
export type Staffing = Readonly<Record<string, Staff>>;

/** The staffing of `workflow`: its own, else `*`'s, else unknown. */
export function staffOf(staffing: Staffing, workflow: string): Staff | undefined {
  if (Object.prototype.hasOwnProperty.call(staffing, workflow)) return staffing[workflow];
  return Object.prototype.hasOwnProperty.call(staffing, '*') ? staffing['*'] : undefined;
}

/**
 * Reads REVIEW_STAFFING, e.g. `{"contract-review": {"reviewers": 4, "leads": 1}, "*": {"reviewers": 10, "leads": 2}}`;
 * empty or absent = unknown. Throws a RangeError naming the first thing wrong, so a bad setting stops the start.
 */
export function parseStaffing(text: string | undefined): Staffing {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RangeError('REVIEW_STAFFING must be JSON: {"<workflow>|*": {"reviewers": n, "leads": n}}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RangeError('REVIEW_STAFFING must be a JSON object of workflows');
  }
  const staffing: Record<string, Staff> = {};
  for (const [workflow, staff] of Object.entries(parsed)) {
    const { reviewers, leads } = (staff ?? {}) as Record<string, unknown>;
    if (!isCount(reviewers) || !isCount(leads)) {
      throw new RangeError(`REVIEW_STAFFING.${workflow} must be {"reviewers": n, "leads": n}, whole numbers >= 0`);
    }
    staffing[workflow] = { reviewers, leads };
  }
  return Object.freeze(staffing);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
