import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * A whole number from the query string (or path), at least `min` and at most `max` — by default the largest integer a
 * number holds exactly (seq is a bigint column); chains are an integer column, hence CHAIN_MAX. Beyond these Postgres
 * would refuse the query (a 500, found by the OpenAPI fuzz test) rather than the request (a 400).
 */
const IsWhole = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  applyDecorators(
    Type(() => Number),
    IsInt(),
    Min(min),
    Max(max),
  );

const CHAIN_MAX = 2_147_483_647;

/** Query string of GET /api/v1/trail/verify. */
export class VerifyQuery {
  @ApiPropertyOptional({ description: 'Verify only this chain (default: every chain).', example: 3 })
  @IsOptional()
  @IsWhole(0, CHAIN_MAX)
  chain?: number;

  @ApiPropertyOptional({ description: 'First sequence number to check (default 1: trust nothing stored).' })
  @IsOptional()
  @IsWhole(1)
  fromSeq?: number;

  @ApiPropertyOptional({ description: 'Last sequence number to check (default: the chain head).' })
  @IsOptional()
  @IsWhole(1)
  toSeq?: number;
}

/** Query string of GET /api/v1/trail/chains/:chain/records. */
export class RecordsQuery {
  @ApiPropertyOptional({ description: 'First sequence number (default 1).' })
  @IsOptional()
  @IsWhole(1)
  fromSeq?: number;

  @ApiPropertyOptional({ description: 'How many records at most (default and maximum 5000).' })
  @IsOptional()
  @IsWhole(1)
  @Max(5_000)
  limit?: number;
}

export class ChainParam {
  @IsWhole(0, CHAIN_MAX)
  chain!: number;
}

export class DecisionIdParam {
  @IsString()
  @MaxLength(200)
  id!: string;
}
