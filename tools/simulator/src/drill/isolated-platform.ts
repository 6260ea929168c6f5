import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DrillKafka } from './drill-kafka';
import { ServiceClock } from './clock-skew';
import { resumeAllPaused } from './process-pause';
import { DrillNetwork } from './drill-network';
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

export interface PlatformOptions {
  /** Environment for every service. */
  extraEnv?: Record<string, string>;
  /** Each service in a network namespace of its own, so that the drill can partition it (needs root). */
  partitions?: boolean;
  /** Each service on a wall clock the drill can skew (libfaketime). */
  skewableClocks?: boolean;
}

/** A whole Countersign of its own — broker, Postgres cluster, the four built services — for the drill to break. */
export class IsolatedPlatform {
  readonly kafka: DrillKafka;
  readonly postgres: DrillPostgres;
  readonly services: Record<DrillServiceName, SupervisedService>;
  readonly network?: DrillNetwork;
  readonly clocks?: Record<DrillServiceName, ServiceClock>;

  constructor(
    readonly repoRoot: string,
    offset: number,
    options: PlatformOptions = {},
  ) {
    const ports = drillPorts(offset);
    // Per offset, like the ports: drills side by side in one checkout (seeds run in parallel) never share a broker's
    // log directory, a Postgres cluster or a clock file.
    const home = join(repoRoot, '.cache', offset ? `drill-o${offset}` : '');
    const logs = join(home, 'drill-logs');
    mkdirSync(logs, { recursive: true });
    if (options.partitions) this.network = new DrillNetwork(offset, START_ORDER);
    const host = this.network?.hostAddress ?? '127.0.0.1';
    this.kafka = new DrillKafka(repoRoot, ports.kafka, ports.kafkaController, join(home, 'drill-kafka'), host);
    this.postgres = new DrillPostgres(join(home, 'drill-pg'), ports.postgres, host);
    if (options.skewableClocks) {
      const clock = (name: DrillServiceName) => new ServiceClock(join(home, `drill-clock-${name}`));
      this.clocks = {
        router: clock('router'),
        review: clock('review'),
        feedback: clock('feedback'),
        audit: clock('audit'),
      };
    }
    const network = this.network;
    const placement = (name: DrillServiceName) =>
      network ? { host: network.address(name), launcher: network.launcher(name) } : { host: '127.0.0.1', launcher: [] };
    const env = {
      // The drill's platform is a development one: well-known development secrets unless configured.
      COUNTERSIGN_DEVELOPMENT: 'true',
      ...process.env,
      KAFKA_BROKERS: this.kafka.brokers,
      DATABASE_URL: this.postgres.url,
      LOG_LEVEL: 'info',
      // Feedback applies opted-in recommendations through this platform's router, never npm start's on 3001.
      FEEDBACK_ROUTER_URL: `http://${placement('router').host}:${ports.services.router}`,
      // Simulated reviewers and probes call far faster than people; the per-caller limit would only slow the drill.
      HTTP_RATE_LIMIT: '0',
      ...options.extraEnv,
    };
    const service = (name: DrillServiceName) =>
      new SupervisedService(
        name,
        ports.services[name],
        repoRoot,
        { ...env, ...this.clocks?.[name].env(), INSTANCE_ID: `drill-${name}` },
        join(logs, `${name}.log`),
        placement(name),
      );
    this.services = {
      router: service('router'),
      review: service('review'),
      feedback: service('feedback'),
      audit: service('audit'),
    };
  }

  async start(say: (message: string) => void): Promise<void> {
    if (this.network) {
      say(
        `creating the drill network: namespaces ${START_ORDER.map((name) => this.network?.namespace(name)).join(', ')}`,
      );
      await this.network.create();
    }
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
    resumeAllPaused();
    await Promise.all(Object.values(this.services).map((service) => service.stop()));
    await this.kafka.stop().catch(() => undefined);
    await this.postgres.stop('fast').catch(() => undefined);
    await this.network?.destroy();
  }
}
