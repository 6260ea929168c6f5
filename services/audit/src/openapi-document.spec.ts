import { exportOpenApiDocument } from '@countersign/platform';
import { join } from 'node:path';

// The checked-in docs/api/audit.openapi.json is what clients are generated from and what the linter and the
// integration tests' response validation read: it must be the document the service serves.
it('docs/api/audit.openapi.json is the document the service serves (npm run openapi:generate)', async () => {
  // Building the document reads no secret: the development defaults let the module load without a deployment's.
  process.env.COUNTERSIGN_DEVELOPMENT = 'true';
  const { auditService } = await import('./audit-service');
  const exported = await exportOpenApiDocument(auditService, join(__dirname, '../../..'));
  expect(exported.checkedIn).toBe(exported.current);
});
