import { PlatformEnvironment } from '@countersign/platform';

export class FeedbackEnvironment extends PlatformEnvironment {
  override PORT = 3002;
}
