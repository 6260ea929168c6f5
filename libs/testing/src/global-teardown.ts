import { releaseInfrastructure } from './test-infrastructure';

export default async function globalTeardown(): Promise<void> {
  await releaseInfrastructure();
}
