import { provisionInfrastructure } from './test-infrastructure';

export default async function globalSetup(): Promise<void> {
  const infrastructure = await provisionInfrastructure();
  // Workers inherit the parent's environment, so every test sees the same broker and database.
  process.env.KAFKA_BROKERS = infrastructure.kafkaBrokers;
  process.env.DATABASE_URL = infrastructure.databaseUrl;
}
