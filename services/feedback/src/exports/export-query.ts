import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { VERDICTS, VerdictKind } from '@countersign/contracts';
import { EXPORT_FORMATS, ExportFormat } from '../domain/export-format';
import { JudgmentScope } from '../statistics/judgment-scope';

/** Query of GET /api/v1/exports/judgments. */
export class ExportQuery extends JudgmentScope {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'jsonl' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'jsonl';

  @ApiPropertyOptional({
    description:
      'Verdicts to include, repeated (verdict=correct&verdict=reject) or comma-separated (verdict=correct,reject)',
    example: ['correct', 'reject'],
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsIn(VERDICTS, { each: true })
  verdict?: VerdictKind[];

  @ApiPropertyOptional({ description: "Resume after this cursor: the last exported record's metadata.seq" })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be a record seq (digits)' })
  after?: string;
}
