import { exportOpenApiDocument } from '@countersign/platform';
import { join } from 'node:path';
import { auditService } from './audit-service';

// The checked-in docs/api/audit.openapi.json is what clients are generated from and what the linter and the
// integration tests' response validation read: it must be the document the service serves.
it('docs/api/audit.openapi.json is the document the service serves (npm run openapi:generate)', async () => {
  const exported = await exportOpenApiDocument(auditService, join(__dirname, '../../..'));
  expect(exported.checkedIn).toBe(exported.current);
});
