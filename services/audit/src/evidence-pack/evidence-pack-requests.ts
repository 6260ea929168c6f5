import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

// Postgres cannot read ISO 8601's expanded years: the API takes RFC 3339's four-digit years, as feedback's windows do.
const FOUR_DIGIT_YEAR = /^\d{4}-\d{2}-\d{2}/;

/** Query string of GET /api/v1/evidence-packs/:workflow. */
export class EvidencePackQuery {
  @ApiPropertyOptional({ description: 'Start of the period (inclusive); default: start of the current audit period.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(FOUR_DIGIT_YEAR, { message: 'from must start with a four-digit year, e.g. 2026-11-01' })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the period (exclusive); default: end of the period from `from`.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(FOUR_DIGIT_YEAR, { message: 'to must start with a four-digit year, e.g. 2026-12-01' })
  to?: string;
}
