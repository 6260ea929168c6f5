import { PlatformEnvironment } from '@countersign/platform';

export class AuditEnvironment extends PlatformEnvironment {
  override PORT = 3003;
}
