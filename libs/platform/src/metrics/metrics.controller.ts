import { Controller, Get, Header, Headers, UnauthorizedException } from '@nestjs/common';
import { TypedConfig } from '../config/typed-config';
import { ApiExcludeController } from '@nestjs/swagger';
import { register } from 'prom-client';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../http/public-route';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Prometheus scrape endpoint: process metrics plus every counter the service registers. The figures are business
 * figures (per workflow), so the scraper authenticates with METRICS_TOKEN, not with a user's token; without one
 * configured nobody can read them.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly token?: Buffer;

  constructor(config: TypedConfig) {
    const token = config.get('METRICS_TOKEN');
    this.token = token ? digest(token) : undefined;
  }

  @Get()
  @Header('Content-Type', register.contentType)
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const given = authorization?.match(/^Bearer (.+)$/i)?.[1];
    // Compared as digests, in constant time: the answer's timing says nothing about the token.
    if (!this.token || !given || !timingSafeEqual(digest(given), this.token)) {
      throw new UnauthorizedException('metrics need the bearer token configured as METRICS_TOKEN');
    }
    return register.metrics();
  }
}
