import { PlatformEnvironment } from '@countersign/platform';

export class ReviewEnvironment extends PlatformEnvironment {
  override PORT = 3000;
}
