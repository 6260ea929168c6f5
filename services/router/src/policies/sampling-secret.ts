import { Injectable, Logger } from '@nestjs/common';
import { TypedConfig } from '@countersign/platform';
import { RouterEnvironment } from '../router-environment';
import { workflowSamplingKey } from '../domain/sampling-key';
import { SamplingRotation } from './sampling-rotation-store';

/** Well known, so only ever used with COUNTERSIGN_DEVELOPMENT=true: samples drawn with it can be predicted. */
export const DEVELOPMENT_SAMPLING_SECRET = 'countersign-DEVELOPMENT-ONLY-sampling-secret-anyone-can-predict';

/** What the policy API says about the secret: that one is set, where from, and when the workflow's key last changed. */
export interface SamplingSecretStatus {
  set: true;
  source: 'configuration' | 'development-default';
  rotations: number;
  lastChangedAt: string | null;
}

export class MissingSamplingSecretError extends Error {
  readonly code = 'ROUTER_SAMPLING_SECRET_MISSING';
  constructor() {
    super(
      'ROUTER_SAMPLING_SECRET is not set (or holds the public development secret): the router will not draw samples that producers could predict. Set it ' +
        '(at least 32 characters, e.g. `openssl rand -base64 48`, the same on every replica), or set ' +
        'COUNTERSIGN_DEVELOPMENT=true for a development run.',
    );
  }
}

/**
 * The router's sampling secret, from configuration. Outside development mode the router refuses to start without a
 * real one (the constructor throws during bootstrap); in development mode it falls back, with a warning, to a
 * clearly-named development secret.
 */
@Injectable()
export class SamplingSecret {
  private readonly secret: string;
  readonly source: SamplingSecretStatus['source'];

  constructor(config: TypedConfig<RouterEnvironment>) {
    const configured = config.get('ROUTER_SAMPLING_SECRET');
    // The development secret is public (it is in this file): set explicitly, it is as predictable as when defaulted.
    if (configured && configured !== DEVELOPMENT_SAMPLING_SECRET) {
      this.secret = configured;
      this.source = 'configuration';
      return;
    }
    if (config.get('COUNTERSIGN_DEVELOPMENT') !== 'true') throw new MissingSamplingSecretError();
    new Logger(SamplingSecret.name).warn(
      'ROUTER_SAMPLING_SECRET is not set: development mode, sampling with the well-known development secret; ' +
        'producers can predict which decisions are sampled. Never run like this outside development.',
    );
    this.secret = DEVELOPMENT_SAMPLING_SECRET;
    this.source = 'development-default';
  }

  keyFor(workflow: string, rotation?: SamplingRotation): Buffer {
    return workflowSamplingKey(this.secret, workflow, rotation?.salt);
  }

  status(rotation?: SamplingRotation): SamplingSecretStatus {
    return {
      set: true,
      source: this.source,
      rotations: rotation?.rotations ?? 0,
      lastChangedAt: rotation?.rotatedAt.toISOString() ?? null,
    };
  }
}
