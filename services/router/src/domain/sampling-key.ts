import { createHmac } from 'node:crypto';
import { CompiledPolicy } from './compiled-policy';

/**
 * The key a workflow's random sample is drawn with. Producers choose decision ids and may read the policy, so the
 * key must hold something they cannot know: the router's sampling secret (ROUTER_SAMPLING_SECRET, never returned by
 * any API or event). Per workflow: HMAC-SHA256(secret, workflow), or, once an admin has rotated the workflow's key,
 * HMAC-SHA256(secret, workflow NUL salt) with the rotation's random salt kept in the router's database. A key known for
 * one workflow says nothing of another's (HMAC is a pseudo-random function of its message).
 */
export function workflowSamplingKey(secret: string, workflow: string, rotationSalt?: string): Buffer {
  const message = rotationSalt === undefined ? workflow : `${workflow}\u0000${rotationSalt}`;
  return createHmac('sha256', secret).update(message, 'utf8').digest();
}

/**
 * The policy with its sample keyed: HMAC-SHA256(workflow key, the policy's sampleSeed). The seed stays what it was,
 * a public label an admin changes to draw a fresh sample; the secret is what makes the draw unpredictable.
 */
export function withSamplingKey(policy: CompiledPolicy, workflowKey: Buffer): CompiledPolicy {
  const sampleKey = createHmac('sha256', workflowKey).update(policy.sampleSeed, 'utf8').digest();
  return Object.freeze({ ...policy, sampleKey });
}
