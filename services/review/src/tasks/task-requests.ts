import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VERDICTS, VerdictKind, WORKFLOW_NAME_PATTERN } from '@countersign/contracts';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_TASK_COMMENT_LENGTH } from '../domain/comment';
import { MAX_REASON_CODE_LENGTH, MAX_VERDICT_COMMENT_LENGTH } from '../domain/verdict';
import { TASK_STATES, TaskState } from '../domain/task-state';

export class TaskIdParam {
  @IsUUID()
  id!: string;
}

export class NextTaskQuery {
  @ApiPropertyOptional({ description: 'Only this workflow (default: any the caller may review)' })
  @IsOptional()
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow?: string;
}

export class AddCommentRequest {
  @ApiProperty({ description: 'The note, 1 to 2,000 characters', example: 'Cap differs from the annex, p. 17' })
  @IsString()
  @Length(1, MAX_TASK_COMMENT_LENGTH)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;
}

export class GuardRecordRequest {
  @ApiProperty({ description: 'True when the web app showed the rubber-stamp prompt before this verdict' })
  @IsBoolean()
  prompted!: boolean;

  @ApiPropertyOptional({
    description:
      'True when the reviewer went back to the evidence from the prompt instead of approving (needs prompted)',
  })
  @IsOptional()
  @IsBoolean()
  reconsidered?: boolean;
}

export class CompleteTaskRequest {
  @IsIn(VERDICTS)
  verdict!: VerdictKind;

  @ApiPropertyOptional({ description: 'The corrected output (verdict correct)' })
  @IsOptional()
  @IsObject()
  correction?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Why the AI output must not be used (verdict reject), e.g. incorrect' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON_CODE_LENGTH)
  reasonCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_VERDICT_COMMENT_LENGTH)
  comment?: string;

  @ApiPropertyOptional({
    type: GuardRecordRequest,
    description:
      "The rubber-stamp guard's record for this verdict (absent: no prompt shown); feedback measures its effect",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => GuardRecordRequest)
  guard?: GuardRecordRequest;
}

export class ReassignTaskRequest {
  @IsString()
  @Length(1, 200)
  to!: string;
}

export class CancelTaskRequest {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class TaskListQuery {
  @IsOptional()
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow?: string;

  @IsOptional()
  @IsIn(TASK_STATES)
  state?: TaskState;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  assignee?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  decisionId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export class MyJudgmentsQuery {
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;
}
