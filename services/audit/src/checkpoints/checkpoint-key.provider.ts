import { Logger, type Provider } from '@nestjs/common';
import { TypedConfig } from '@countersign/platform';
import { writeFileSync } from 'node:fs';
import { AuditEnvironment } from '../audit-environment';
import { CheckpointSigningKey, checkpointSigningKey } from './checkpoint-signing-key';

/** Injection token of the audit service's CheckpointSigningKey. */
export const CHECKPOINT_SIGNING_KEY = Symbol('CHECKPOINT_SIGNING_KEY');

/** Development mode is explicit: COUNTERSIGN_DEVELOPMENT=true (set by `npm start` and the tests). */
export function developmentMode(config: TypedConfig<AuditEnvironment>): boolean {
  return config.get('COUNTERSIGN_DEVELOPMENT') === 'true';
}

/** Loads the key once at start (refusing to start without one outside development) and exports its public half. */
export const checkpointKeyProvider: Provider = {
  provide: CHECKPOINT_SIGNING_KEY,
  inject: [TypedConfig],
  useFactory: (config: TypedConfig<AuditEnvironment>): CheckpointSigningKey => {
    const log = new Logger('CheckpointKey');
    const key = checkpointSigningKey(config.get('AUDIT_CHECKPOINT_PRIVATE_KEY'), developmentMode(config));
    if (key.ephemeral) {
      log.warn({
        msg:
          'AUDIT_CHECKPOINT_PRIVATE_KEY is not set: development mode signs checkpoints with a key generated now, ' +
          'lost at exit. Set an Ed25519 key (openssl genpkey -algorithm ed25519) for checkpoints that outlive the process.',
        keyId: key.keyId,
      });
    }
    const file = config.get('AUDIT_CHECKPOINT_PUBLIC_KEY_FILE');
    if (file) writeFileSync(file, key.publicKeyPem);
    log.log({ msg: 'checkpoints signed with Ed25519', keyId: key.keyId, ...(file ? { publicKeyFile: file } : {}) });
    return key;
  },
};
