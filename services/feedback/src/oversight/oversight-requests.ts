import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class OversightQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 53,
    default: 12,
    description: 'Weeks back, the current one included',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(53)
  weeks?: number;
}
