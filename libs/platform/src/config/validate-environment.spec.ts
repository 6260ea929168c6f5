import { PlatformEnvironment } from './platform-environment';
import { InvalidEnvironmentError, validateEnvironment } from './validate-environment';

class ServiceEnvironment extends PlatformEnvironment {
  override PORT = 3001;
}

describe('validateEnvironment', () => {
  it('applies documented defaults when nothing is set', () => {
    const environment = validateEnvironment(ServiceEnvironment, {});
    expect(environment).toMatchObject({
      KAFKA_BROKERS: '127.0.0.1:9092',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/countersign',
      LOG_LEVEL: 'info',
      KAFKA_TOPIC_PARTITIONS: 6,
      PORT: 3001,
    });
  });

  it('converts numbers and treats empty strings as not set', () => {
    const environment = validateEnvironment(ServiceEnvironment, {
      PORT: '4000',
      KAFKA_TOPIC_PARTITIONS: '',
      LOG_LEVEL: 'debug',
    });
    expect(environment.PORT).toBe(4000);
    expect(environment.KAFKA_TOPIC_PARTITIONS).toBe(6);
    expect(environment.LOG_LEVEL).toBe('debug');
  });

  it('reports every invalid variable at once, with the value it got', () => {
    const attempt = () =>
      validateEnvironment(ServiceEnvironment, {
        PORT: 'eighty',
        KAFKA_BROKERS: 'localhost',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
      });
    expect(attempt).toThrow(InvalidEnvironmentError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as InvalidEnvironmentError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/PORT: .*\(got "eighty"\)/);
      expect(problems.join('\n')).toMatch(/KAFKA_BROKERS must be host:port/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL must look like postgres/);
      expect(problems.join('\n')).toMatch(/LOG_LEVEL: .*\(got "loud"\)/);
    }
  });

  it('ignores variables it does not know', () => {
    expect(() => validateEnvironment(ServiceEnvironment, { HOME: '/root', PATH: '/bin' })).not.toThrow();
  });
});
