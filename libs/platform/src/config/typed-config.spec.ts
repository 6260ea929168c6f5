import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUrl } from 'class-validator';
import { PlatformConfigModule } from './platform-config.module';
import { PlatformEnvironment } from './platform-environment';
import { TypedConfig } from './typed-config';
import { validateEnvironment } from './validate-environment';

class ServiceEnvironment extends PlatformEnvironment {
  override PORT = 3001;
  @Type(() => Number)
  @IsInt()
  SCAN_INTERVAL_MS = 5_000;

  @IsOptional()
  @IsUrl({ require_tld: false })
  WEBHOOK_URL?: string;
}

describe('TypedConfig', () => {
  it('returns the validated value, converted to the class’s type', () => {
    const validated = validateEnvironment(ServiceEnvironment, { SCAN_INTERVAL_MS: '250', LOG_LEVEL: 'debug' });
    const config = new TypedConfig(new ConfigService(validated), ServiceEnvironment);
    expect(config.get('SCAN_INTERVAL_MS')).toBe(250);
    expect(config.get('LOG_LEVEL')).toBe('debug');
  });

  it('falls back to the class’s own default when the variable is absent', () => {
    const config = new TypedConfig(new ConfigService({}), ServiceEnvironment);
    expect(config.get('SCAN_INTERVAL_MS')).toBe(5_000);
    expect(config.get('DATABASE_POOL_SIZE')).toBe(10);
    expect(config.get('PORT')).toBe(3001);
    expect(config.get('WEBHOOK_URL')).toBeUndefined();
  });

  it('refuses a required variable that has no value', () => {
    const config = new TypedConfig(new ConfigService({}), PlatformEnvironment);
    expect(() => config.require('PORT')).toThrow('configuration variable PORT is not set');
    expect(config.require('HOST')).toBe('127.0.0.1');
  });

  it('is what PlatformConfigModule provides, reading the process environment through the class', async () => {
    process.env.SCAN_INTERVAL_MS = '750';
    try {
      const module = await Test.createTestingModule({
        imports: [PlatformConfigModule.forRoot(ServiceEnvironment)],
      }).compile();
      const config = module.get<TypedConfig<ServiceEnvironment>>(TypedConfig);
      expect(config.get('SCAN_INTERVAL_MS')).toBe(750);
      expect(config.get('PORT')).toBe(3001);
    } finally {
      delete process.env.SCAN_INTERVAL_MS;
    }
  });
});
