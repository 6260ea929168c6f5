import { createHmac } from 'node:crypto';
import { TrustLevel } from '@countersign/contracts';
import { AuditPlan, bucketQuota, confidenceBucket } from './audit-plan';

export interface AuditCandidate {
  decisionId: string;
  trustLevel: TrustLevel;
  confidence: number;
}

export type SampleReason = 'rate' | 'minimum';

export interface SampleChoice {
  sampled: boolean;
  /** rate: its point fell under the trust level's rate; minimum: taken to reach the bucket's share of the minimum. */
  reason: SampleReason | null;
  bucket: number;
  /** The decision's fixed point in [0, 1): the same decision always gets the same point. */
  point: number;
}

/**
 * A decision's point in [0, 1), from an HMAC of its id under the sampling secret: fixed per decision (replays choose
 * the same), unpredictable to whoever submits decisions (they cannot steer theirs out of the sample).
 */
export function samplePoint(secret: string, decisionId: string): number {
  return createHmac('sha256', secret).update(decisionId, 'utf8').digest().readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Whether an autonomously released decision is checked. `sampledInBucket` is how many decisions of the same workflow,
 * period and confidence bucket were sampled before it. A choice once made is stored with the decision, so
 * redelivery returns the stored choice and never counts a decision twice.
 */
export function chooseForAudit(
  plan: AuditPlan,
  candidate: AuditCandidate,
  sampledInBucket: number,
  secret: string,
): SampleChoice {
  const bucket = confidenceBucket(plan, candidate.confidence);
  const point = samplePoint(secret, candidate.decisionId);
  if (point < plan.ratesByTrustLevel[candidate.trustLevel]) return { sampled: true, reason: 'rate', bucket, point };
  if (sampledInBucket < bucketQuota(plan)) return { sampled: true, reason: 'minimum', bucket, point };
  return { sampled: false, reason: null, bucket, point };
}
