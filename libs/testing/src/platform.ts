import { readInfrastructure } from './test-infrastructure';
import { ServiceName, ServiceProcess } from './service-process';

const PORTS: Record<ServiceName, number> = { review: 23000, router: 23001, feedback: 23002, audit: 23003 };

/** All four services, started from the build against the test broker and database. */
export class RunningPlatform {
  readonly services: Record<ServiceName, ServiceProcess>;

  constructor(extraEnv: Record<string, string> = {}) {
    const infrastructure = readInfrastructure();
    const env = {
      KAFKA_BROKERS: infrastructure.kafkaBrokers,
      DATABASE_URL: infrastructure.databaseUrl,
      LOG_LEVEL: 'info',
      INSTANCE_ID: 'e2e',
      ...extraEnv,
    };
    const router = new ServiceProcess('router', PORTS.router, env);
    this.services = {
      router,
      review: new ServiceProcess('review', PORTS.review, env),
      // Feedback writes policies (auto-applied recommendations, risk rules) through this platform's router.
      feedback: new ServiceProcess('feedback', PORTS.feedback, { FEEDBACK_ROUTER_URL: router.baseUrl, ...env }),
      audit: new ServiceProcess('audit', PORTS.audit, env),
    };
  }

  async start(): Promise<void> {
    // Sequentially: the first to start migrates its schema and creates the topics; the rest find them there.
    for (const service of Object.values(this.services)) await service.start();
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.services).map((service) => service.stop()));
  }

  url(name: ServiceName, path: string): string {
    return `${this.services[name].baseUrl}${path}`;
  }
}
