import { provisionInfrastructure } from './test-infrastructure';

export default async function globalSetup(): Promise<void> {
  const infrastructure = await provisionInfrastructure();
  // Workers inherit the parent's environment, so every test sees the same broker and database.
  process.env.KAFKA_BROKERS = infrastructure.kafkaBrokers;
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  // Tests run in development mode: services in and out of process accept the public default secrets. A test of the
  // secure default sets COUNTERSIGN_DEVELOPMENT=false for the service it starts.
  process.env.COUNTERSIGN_DEVELOPMENT ??= 'true';
}
