import { PlatformEnvironment } from '@countersign/platform';

export class RouterEnvironment extends PlatformEnvironment {
  override PORT = 3001;
}
