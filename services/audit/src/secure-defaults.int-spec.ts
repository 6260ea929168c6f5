import { readInfrastructure, ServiceProcess } from '@countersign/testing';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';

// Secure by default, as an operator meets it (#14): the built service, started without development mode, refuses the
// public development secrets and names each one; with its own secrets it starts.

describe('audit start-up outside development mode', () => {
  const infrastructure = readInfrastructure();
  const base = {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'audit-secure-defaults',
    LOG_LEVEL: 'warn',
    COUNTERSIGN_DEVELOPMENT: 'false',
  };
  const own = {
    AUTH_HS256_SECRET: 'an-operator-chosen-secret-of-40-characters',
    AUDIT_SAMPLING_SECRET: 'an-operator-chosen-sampling-secret',
  };
  // Checkpoints are signed with the operator's Ed25519 key, which has no public default: without it audit refuses.
  const checkpointKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  /** Starts the service and returns what it wrote to its log while refusing (or '' when it started). */
  async function attempt(env: Record<string, string>): Promise<string> {
    const service = new ServiceProcess('audit', 24301, env);
    const from = existsSync(service.logFile) ? statSync(service.logFile).size : 0;
    try {
      await service.start(30_000);
      await service.stop();
      return '';
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return readFileSync(service.logFile).subarray(from).toString('utf8');
    }
  }

  it.each(Object.keys(own))(
    'refuses to start with %s at its public default, naming it',
    async (variable) => {
      const env: Record<string, string> = { ...base, ...own, AUDIT_CHECKPOINT_PRIVATE_KEY: checkpointKey };
      delete env[variable];
      const log = await attempt(env);
      expect(log).toContain(`${variable}: holds the public development default`);
      for (const other of Object.keys(own).filter((name) => name !== variable)) {
        expect(log).not.toContain(`${other}: holds`);
      }
    },
    60_000,
  );

  it('refuses to start without AUDIT_CHECKPOINT_PRIVATE_KEY, naming it', async () => {
    expect(await attempt({ ...base, ...own })).toContain('AUDIT_CHECKPOINT_PRIVATE_KEY');
  }, 60_000);

  it('starts with the operator’s own secrets', async () => {
    expect(await attempt({ ...base, ...own, AUDIT_CHECKPOINT_PRIVATE_KEY: checkpointKey })).toBe('');
  }, 90_000);
});
