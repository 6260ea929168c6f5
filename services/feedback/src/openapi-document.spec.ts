import { exportOpenApiDocument } from '@countersign/platform';
import { join } from 'node:path';
import { feedbackService } from './feedback-service';

// The checked-in docs/api/feedback.openapi.json is what clients are generated from and what the linter and the
// integration tests' response validation read: it must be the document the service serves.
it('docs/api/feedback.openapi.json is the document the service serves (npm run openapi:generate)', async () => {
  const exported = await exportOpenApiDocument(feedbackService, join(__dirname, '../../..'));
  expect(exported.checkedIn).toBe(exported.current);
});
