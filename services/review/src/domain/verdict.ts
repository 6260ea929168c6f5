import { JsonObject, VERDICTS, VerdictKind } from '@countersign/contracts';
import { isPlainObject, jsonEqual } from './json-equal';
import { outputSchemaErrors } from './output-schema-errors';
import { FieldError, InvalidVerdict } from './task-errors';

/**
 * Reason codes the reviewer UI offers. Any other code of the same shape is accepted too (`misread-amount`), so that
 * workflows can have their own without a release of this service.
 */
export const SUGGESTED_REASON_CODES = ['incorrect', 'insufficient_evidence', 'policy_violation', 'other'] as const;
export const REASON_CODE_PATTERN = /^[a-z][a-z0-9]*(?:[-_:.][a-z0-9]+)*$/;
export const MAX_REASON_CODE_LENGTH = 100;
/** The comment given with a verdict: the reviewer's reasoning, kept with the judgment (and in the training export). */
export const MAX_VERDICT_COMMENT_LENGTH = 4000;

/**
 * What the reviewer's client says of the rubber-stamp guard for this verdict: whether it showed the prompt, and if so
 * whether the reviewer went back to the evidence instead of approving from it. Recorded, not checked: the service
 * cannot see the screen, so feedback measures the prompt's effect as the clients report it.
 */
export interface GuardRecord {
  prompted: boolean;
  reconsidered: boolean;
}

/** A verdict as a reviewer sends it, before it is checked. */
export interface VerdictInput {
  verdict: VerdictKind;
  correction?: JsonObject;
  reasonCode?: string;
  comment?: string;
  guard?: { prompted: boolean; reconsidered?: boolean };
}

/**
 * A verdict that can be recorded. approve: the AI's output stands. reject: it must not be used, and the reviewer
 * says why (`reasonCode`). correct: `correction` replaces it.
 */
export type Verdict =
  | { verdict: 'approve'; reasonCode?: string; comment?: string }
  | { verdict: 'reject'; reasonCode: string; comment?: string }
  | { verdict: 'correct'; correction: JsonObject; reasonCode?: string; comment?: string };

/**
 * Checks a verdict against the AI's output and, when the workflow has one, its output JSON Schema; returns it as it
 * will be recorded (a blank comment dropped) or throws InvalidVerdict with every problem, field by field.
 */
export function validateVerdict(input: VerdictInput, aiOutput: JsonObject, outputSchema?: JsonObject): Verdict {
  const problems: FieldError[] = [];
  const problem = (field: string, error: string): void => {
    problems.push({ field, errors: [error] });
  };
  const { verdict, correction, reasonCode } = input;
  const comment = input.comment?.trim() ? input.comment : undefined;

  if (!(VERDICTS as readonly string[]).includes(verdict)) problem('verdict', `must be one of ${VERDICTS.join(', ')}`);
  if (verdict === 'approve' && correction !== undefined) {
    problem('correction', 'must be absent when approving: the AI output stands as it is');
  }
  if (verdict === 'reject' && correction !== undefined) {
    problem('correction', 'must be absent when rejecting: a rejected output is not used');
  }
  if (verdict === 'reject' && reasonCode === undefined) problem('reasonCode', 'is required when rejecting');
  if (verdict === 'correct') problems.push(...correctionProblems(correction, aiOutput, outputSchema));
  if (reasonCode !== undefined && !isReasonCode(reasonCode)) {
    problem(
      'reasonCode',
      `must be a code of lower-case letters and digits joined by - _ : or . (at most ${MAX_REASON_CODE_LENGTH} ` +
        `characters), e.g. ${SUGGESTED_REASON_CODES.join(', ')}`,
    );
  }
  if (comment !== undefined && comment.length > MAX_VERDICT_COMMENT_LENGTH) {
    problem('comment', `must be at most ${MAX_VERDICT_COMMENT_LENGTH} characters`);
  }
  if (input.guard?.reconsidered === true && !input.guard.prompted) {
    problem('guard.reconsidered', 'must be absent or false when no prompt was shown (guard.prompted false)');
  }
  if (problems.length > 0) throw new InvalidVerdict(problems);

  const notes = { ...(reasonCode === undefined ? {} : { reasonCode }), ...(comment === undefined ? {} : { comment }) };
  if (verdict === 'correct') return { verdict, correction: correction as JsonObject, ...notes };
  if (verdict === 'reject') return { verdict, reasonCode: reasonCode as string, ...notes };
  return { verdict: 'approve', ...notes };
}

/** The guard's record kept with a judgment: only a shown prompt is worth keeping (absent means not prompted). */
export function guardRecordOf(input: VerdictInput): GuardRecord | undefined {
  return input.guard?.prompted ? { prompted: true, reconsidered: input.guard.reconsidered ?? false } : undefined;
}

/** What downstream systems act on after this verdict: the AI's output, the correction, or nothing. */
export function finalOutputOf(verdict: Verdict, aiOutput: JsonObject): JsonObject | null {
  if (verdict.verdict === 'correct') return verdict.correction;
  if (verdict.verdict === 'approve') return aiOutput;
  return null;
}

function correctionProblems(correction: unknown, aiOutput: JsonObject, outputSchema?: JsonObject): FieldError[] {
  if (correction === undefined) return [{ field: 'correction', errors: ['is required when correcting'] }];
  if (!isPlainObject(correction)) return [{ field: 'correction', errors: ['must be a JSON object'] }];
  if (jsonEqual(correction, aiOutput)) {
    return [{ field: 'correction', errors: ['must change the AI output; approve it if it is right as it is'] }];
  }
  return outputSchema ? outputSchemaErrors(outputSchema, correction, 'correction') : [];
}

function isReasonCode(code: unknown): boolean {
  return typeof code === 'string' && code.length <= MAX_REASON_CODE_LENGTH && REASON_CODE_PATTERN.test(code);
}
