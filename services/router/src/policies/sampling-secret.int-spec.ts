import { mintDevelopmentToken } from '@countersign/auth';
import { RoutedDecisionV1, RoutingPolicyDocument, Topics } from '@countersign/contracts';
import { json, KafkaProbe, readInfrastructure, ServiceProcess, storePolicyAsTwoAdmins } from '@countersign/testing';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { compilePolicy } from '../domain/compile-policy';
import { routeDecision } from '../domain/route-decision';
import { withSamplingKey, workflowSamplingKey } from '../domain/sampling-key';

// The sampling secret of issue #13 on a running router: never in any response or event, refused when missing outside
// development mode, rotated by an audited admin action, and the same sample drawn again after a restart.

const runId = Date.now().toString(36);
const workflow = `sampling-test-${runId}`;
const secret = randomBytes(36).toString('base64');
const policy = { threshold: 0.5, trustLevel: 2, ladder: { level2SampleRate: 0.5, level2EdgeBand: 0 } };

function decision(id: string) {
  return {
    schemaVersion: 1 as const,
    id,
    workflow,
    model: { name: 'm', version: '1' },
    confidence: 0.99,
    output: { ok: true },
    attributes: {},
    flags: [],
    occurredAt: new Date().toISOString(),
  };
}

const authSecret = 'sampling-spec-own-token-secret-not-the-public-default';

describe('router sampling secret', () => {
  const infrastructure = readInfrastructure();
  const env = (extra: Record<string, string>) => ({
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    LOG_LEVEL: 'warn',
    // Outside development mode every secret is the operator's own (#14), the token secret too.
    COUNTERSIGN_DEVELOPMENT: 'false',
    AUTH_HS256_SECRET: authSecret,
    ...extra,
  });
  const router = new ServiceProcess(
    'router',
    24021,
    env({ ROUTER_SAMPLING_SECRET: secret, INSTANCE_ID: 'sampling-a' }),
  );
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const seen: string[] = [];
  let admin: string;

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${router.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    seen.push(text);
    return { status: response.status, body: JSON.parse(text) };
  }

  /** Sends `count` decisions and checks each was sampled exactly as the secret (and rotation salt) say. */
  async function routesAsKeyed(
    prefix: string,
    version: number,
    stored: RoutingPolicyDocument,
    salt?: string,
  ): Promise<void> {
    const ids = Array.from({ length: 40 }, (_, i) => `${workflow}-${prefix}-${i}`);
    await kafka.sendMany(
      Topics.decisions,
      ids.map((id) => ({ key: id, value: JSON.stringify(decision(id)) })),
    );
    const routed = await kafka.waitFor(
      (record) => record.topic === Topics.decisionsRouted && (record.key ?? '').startsWith(`${workflow}-${prefix}-`),
      ids.length,
    );
    const keyed = withSamplingKey(
      compilePolicy(workflow, version, stored),
      workflowSamplingKey(secret, workflow, salt),
    );
    for (const record of routed) {
      const event = json<RoutedDecisionV1>(record);
      expect(event.routing.randomSample).toBe(routeDecision(decision(event.decisionId), keyed).randomSample);
    }
  }

  beforeAll(async () => {
    admin = await mintDevelopmentToken({ sub: 'admin-1', roles: ['admin'], workflows: ['*'] }, authSecret);
    // The router creates its topics at start.
    await router.start();
    await kafka.watch([Topics.decisionsRouted, Topics.policyChanged, Topics.auditEvents]);
  });

  afterAll(async () => {
    await kafka.close();
    await router.stop();
  });

  it('refuses to start outside development mode without a secret', async () => {
    const bare = new ServiceProcess('router', 24022, env({ INSTANCE_ID: 'sampling-bare' }));
    await expect(bare.start(30_000)).rejects.toThrow(/exited during start-up/);
  });

  it('samples with the secret, shows only that one is set, and rotates with an audit record', async () => {
    // A workflow's first policy lowers oversight (unknown workflows are reviewed entirely): two admins store it.
    expect(await storePolicyAsTwoAdmins(router.baseUrl, workflow, policy, 'sampling test', authSecret)).toBe(1);
    const [stored] = (await call('GET', `/api/v1/policies/${workflow}/history`)).body;
    await routesAsKeyed('before', 1, stored.policy);

    const shown = await call('GET', `/api/v1/policies/${workflow}`);
    expect(shown.body.samplingSecret).toEqual({
      set: true,
      source: 'configuration',
      rotations: 0,
      lastChangedAt: null,
    });

    const rotated = await call('POST', `/api/v1/policies/${workflow}/sampling-secret/rotate`, {
      reason: 'suspected gaming',
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.version).toBe(2);
    expect(rotated.body.samplingSecret.rotations).toBe(1);
    expect(rotated.body.samplingSecret.lastChangedAt).toEqual(expect.any(String));

    const db = new Client({ connectionString: infrastructure.databaseUrl });
    await db.connect();
    const { rows } = await db.query('SELECT salt FROM router.sampling_rotations WHERE workflow = $1', [workflow]);
    await db.end();
    const salt: string = rows[0].salt;
    await routesAsKeyed('after', 2, rotated.body.policy, salt);

    const audit = await kafka.waitFor(
      (record) =>
        record.topic === Topics.auditEvents &&
        record.key === workflow &&
        /sampling key rotated/.test(String(record.value)),
      1,
    );
    expect(json<{ actor: string; data: { samplingKeyRotated: boolean } }>(audit[0])).toMatchObject({
      actor: 'admin-1',
      data: { samplingKeyRotated: true },
    });

    // A restart derives the same key from the secret and the stored salt: the same sample.
    await router.stop();
    await router.start();
    await routesAsKeyed('restarted', 2, rotated.body.policy, salt);

    await call('GET', '/api/v1/policies');
    await call('GET', `/api/v1/policies/${workflow}/history`);
    const events = kafka
      .records((record) => record.topic === Topics.policyChanged || record.topic === Topics.auditEvents)
      .map((record) => String(record.value));
    expect(events.length).toBeGreaterThan(0);
    for (const text of [...seen, ...events]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(salt);
    }
  });
});
