import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RoutingPolicyDocument } from '@countersign/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';

export class PutPolicyQuery {
  @ApiPropertyOptional({ description: 'Refuse (409) unless the current version is this one: optimistic concurrency.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  ifVersion?: number;
}

export class DryRunRequest {
  @ApiProperty({ description: 'The proposed policy' })
  @IsObject()
  @ValidateNested()
  @Type(() => RoutingPolicyDocument)
  policy!: RoutingPolicyDocument;

  @ApiPropertyOptional({
    description: 'How many recent decisions to replay',
    default: 1000,
    minimum: 1,
    maximum: 10000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  sampleSize = 1000;
}
