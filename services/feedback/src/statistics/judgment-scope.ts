import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { WORKFLOW_NAME_PATTERN } from '@countersign/contracts';

// ISO 8601 allows expanded years (-23010502) that Postgres cannot read: the API takes RFC 3339's four-digit years.
const FOUR_DIGIT_YEAR = /^\d{4}-\d{2}-\d{2}/;

/** Which judgments a question is about: a workflow, a model version, a window of completion times. */
export class JudgmentScope {
  @ApiPropertyOptional({ example: 'invoice-coding' })
  @IsOptional()
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow?: string;

  @ApiPropertyOptional({ example: '2026.11' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  modelVersion?: string;

  @ApiPropertyOptional({ description: 'Judgments completed at or after this instant (RFC 3339).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(FOUR_DIGIT_YEAR, { message: 'from must start with a four-digit year, e.g. 2026-11-01' })
  from?: string;

  @ApiPropertyOptional({ description: 'Judgments completed before this instant (RFC 3339).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(FOUR_DIGIT_YEAR, { message: 'to must start with a four-digit year, e.g. 2026-12-01' })
  to?: string;
}

/**
 * A question about one workflow (its reviewers, a backtest). JudgmentScope's workflow is optional — statistics pool
 * the granted workflows — and a redeclared field would keep its @IsOptional, so the field is left out and declared
 * anew: without @IsOptional, @Matches refuses a missing workflow (400), where it used to pool every granted workflow.
 */
export class OneWorkflowScope extends OmitType(JudgmentScope, ['workflow'] as const) {
  @ApiProperty({ example: 'invoice-coding' })
  @Matches(WORKFLOW_NAME_PATTERN, {
    message: ({ value }) =>
      value === undefined
        ? 'workflow is required: name one workflow'
        : 'workflow must be kebab-case, e.g. contract-review',
  })
  workflow!: string;
}

/**
 * A SQL condition (alias-free) for `scope`, with its parameters numbered from `first`. The window applies to
 * `timeColumn`: completed_at for judgments, decided_at for final outcomes.
 */
export function scopeCondition(
  scope: JudgmentScope & { workflows?: readonly string[] },
  first = 1,
  timeColumn = 'completed_at',
): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(clause(`$${first + params.length - 1}`));
  };
  if (scope.workflow !== undefined) add((p) => `workflow = ${p}`, scope.workflow);
  if (scope.workflows !== undefined) add((p) => `workflow = ANY(${p}::text[])`, scope.workflows);
  if (scope.modelVersion !== undefined) add((p) => `model_version = ${p}`, scope.modelVersion);
  if (scope.from !== undefined) add((p) => `${timeColumn} >= ${p}`, scope.from);
  if (scope.to !== undefined) add((p) => `${timeColumn} < ${p}`, scope.to);
  return { sql: clauses.length === 0 ? 'TRUE' : clauses.join(' AND '), params };
}
