import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DrillKafka } from './drill-kafka';
import { DrillPostgres } from './drill-postgres';
import { DrillServiceName, SupervisedService } from './supervised-service';

/**
 * The drill's ports: well away from `npm start` (3000-3003, 9092, 5432), the test harness (19092, 23000-24300) and the
 * benchmarks (25000-25102, 29092-29193), shifted by COUNTERSIGN_TEST_PORT_OFFSET like the harness so that checkouts
 * side by side never meet (offsets are small: a few checkouts) — and below Linux's ephemeral range (32768-60999): a service restarted after kill -9 on a port in
 * that range could find it taken by some process's outgoing connection (seen once: feedback on 33002 refused for two
 * minutes).
 */
export function drillPorts(offset: number) {
  return {
    kafka: 26_092 + offset,
    kafkaController: 26_093 + offset,
    postgres: 25_432 + offset,
    services: { review: 26_000 + offset, router: 26_001 + offset, feedback: 26_002 + offset, audit: 26_003 + offset },
  };
}

const START_ORDER: DrillServiceName[] = ['router', 'review', 'feedback', 'audit'];

/** A whole Countersign of its own — broker, Postgres cluster, the four built services — for the drill to break. */
export class IsolatedPlatform {
  readonly kafka: DrillKafka;
  readonly postgres: DrillPostgres;
  readonly services: Record<DrillServiceName, SupervisedService>;

  constructor(
    readonly repoRoot: string,
    offset: number,
    extraEnv: Record<string, string> = {},
  ) {
    const ports = drillPorts(offset);
    const home = join(repoRoot, '.cache');
    const logs = join(home, 'drill-logs');
    mkdirSync(logs, { recursive: true });
    this.kafka = new DrillKafka(repoRoot, ports.kafka, ports.kafkaController, join(home, 'drill-kafka'));
    this.postgres = new DrillPostgres(join(home, 'drill-pg'), ports.postgres);
    const env = {
      // The drill's platform is a development one: well-known development secrets unless configured.
      COUNTERSIGN_DEVELOPMENT: 'true',
      ...process.env,
      KAFKA_BROKERS: this.kafka.brokers,
      DATABASE_URL: this.postgres.url,
      LOG_LEVEL: 'info',
      // Feedback applies opted-in recommendations through this platform's router, never npm start's on 3001.
      FEEDBACK_ROUTER_URL: `http://127.0.0.1:${ports.services.router}`,
      // Simulated reviewers and probes call far faster than people; the per-caller limit would only slow the drill.
      HTTP_RATE_LIMIT: '0',
      ...extraEnv,
    };
    const service = (name: DrillServiceName) =>
      new SupervisedService(
        name,
        ports.services[name],
        repoRoot,
        { ...env, INSTANCE_ID: `drill-${name}` },
        join(logs, `${name}.log`),
      );
    this.services = {
      router: service('router'),
      review: service('review'),
      feedback: service('feedback'),
      audit: service('audit'),
    };
  }

  async start(say: (message: string) => void): Promise<void> {
    say(`creating PostgreSQL on 127.0.0.1:${this.postgres.port} (${this.postgres.directory})`);
    await this.postgres.create();
    await this.postgres.start();
    say(`starting Kafka on ${this.kafka.brokers} (${this.kafka.dataDir})`);
    await this.kafka.create();
    // One at a time: the first creates the database and the topics, the rest find them.
    for (const name of START_ORDER) {
      say(`starting ${name} on ${this.services[name].url}`);
      await this.services[name].start();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.services).map((service) => service.stop()));
    await this.kafka.stop().catch(() => undefined);
    await this.postgres.stop('fast').catch(() => undefined);
  }
}
