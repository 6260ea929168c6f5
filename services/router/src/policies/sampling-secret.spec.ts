import { ConfigService } from '@nestjs/config';
import { TypedConfig } from '@countersign/platform';
import { RouterEnvironment } from '../router-environment';
import { DEVELOPMENT_SAMPLING_SECRET, MissingSamplingSecretError, SamplingSecret } from './sampling-secret';

const settings = (values: Record<string, string>) => new TypedConfig(new ConfigService(values), RouterEnvironment);

describe('SamplingSecret outside development mode', () => {
  it('refuses the public development secret set explicitly (pasted from the source), naming the variable', () => {
    const config = settings({ ROUTER_SAMPLING_SECRET: DEVELOPMENT_SAMPLING_SECRET });
    expect(() => new SamplingSecret(config)).toThrow(MissingSamplingSecretError);
    expect(() => new SamplingSecret(config)).toThrow(/ROUTER_SAMPLING_SECRET/);
  });

  it('accepts it in development mode, and a real secret anywhere', () => {
    const development = settings({
      ROUTER_SAMPLING_SECRET: DEVELOPMENT_SAMPLING_SECRET,
      COUNTERSIGN_DEVELOPMENT: 'true',
    });
    expect(new SamplingSecret(development).source).toBe('development-default');
    const real = settings({ ROUTER_SAMPLING_SECRET: 'x7Kq'.repeat(12) });
    expect(new SamplingSecret(real).source).toBe('configuration');
  });
});
