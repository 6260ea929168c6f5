import { Logger, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { writeFileSync } from 'node:fs';
import { CheckpointSigningKey, checkpointSigningKey } from './checkpoint-signing-key';

/** Injection token of the audit service's CheckpointSigningKey. */
export const CHECKPOINT_SIGNING_KEY = Symbol('CHECKPOINT_SIGNING_KEY');

/** Development mode is explicit: COUNTERSIGN_DEVELOPMENT=true (set by `npm start` and the tests). */
export function developmentMode(config: ConfigService): boolean {
  return String(config.get('COUNTERSIGN_DEVELOPMENT') ?? '').toLowerCase() === 'true';
}

/** Loads the key once at start (refusing to start without one outside development) and exports its public half. */
export const checkpointKeyProvider: Provider = {
  provide: CHECKPOINT_SIGNING_KEY,
  inject: [ConfigService],
  useFactory: (config: ConfigService): CheckpointSigningKey => {
    const log = new Logger('CheckpointKey');
    const key = checkpointSigningKey(config.get<string>('AUDIT_CHECKPOINT_PRIVATE_KEY'), developmentMode(config));
    if (key.ephemeral) {
      log.warn({
        msg:
          'AUDIT_CHECKPOINT_PRIVATE_KEY is not set: development mode signs checkpoints with a key generated now, ' +
          'lost at exit. Set an Ed25519 key (openssl genpkey -algorithm ed25519) for checkpoints that outlive the process.',
        keyId: key.keyId,
      });
    }
    const file = config.get<string>('AUDIT_CHECKPOINT_PUBLIC_KEY_FILE');
    if (file) writeFileSync(file, key.publicKeyPem);
    log.log({ msg: 'checkpoints signed with Ed25519', keyId: key.keyId, ...(file ? { publicKeyFile: file } : {}) });
    return key;
  },
};
