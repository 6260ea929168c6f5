import { provisionMediumDatabase } from '../test-infrastructure';

/** The middle tier's Jest global setup: one fresh database, its URL in MEDIUM_DATABASE_URL for every spec. */
export default async function globalSetup(): Promise<void> {
  process.env.MEDIUM_DATABASE_URL = await provisionMediumDatabase();
}
