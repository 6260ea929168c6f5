import { exportOpenApiDocument } from '@countersign/platform';
import { join } from 'node:path';
import { routerService } from './router-service';

// The checked-in docs/api/router.openapi.json is what clients are generated from and what the linter and the
// integration tests' response validation read: it must be the document the service serves.
it('docs/api/router.openapi.json is the document the service serves (npm run openapi:generate)', async () => {
  const exported = await exportOpenApiDocument(routerService, join(__dirname, '../../..'));
  expect(exported.checkedIn).toBe(exported.current);
});
