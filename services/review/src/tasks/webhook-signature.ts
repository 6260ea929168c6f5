import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a receiver should let a notice's timestamp be from its own clock before refusing it as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface SignedWebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The secret's bytes: Standard Webhooks' `whsec_<base64>` form, or any other string taken as UTF-8. */
function secretBytes(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

function signature(secret: string, id: string, timestamp: string, body: string): string {
  return createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/**
 * Headers of a signed notice, as the Standard Webhooks specification (standardwebhooks.com) states them: HMAC-SHA256
 * over `<webhook-id>.<webhook-timestamp>.<body>`, base64, as `v1,<signature>`. The id is the same on every retry of a
 * notice, so a receiver can drop duplicates.
 */
export function signWebhook(secret: string, id: string, body: string, now: Date): SignedWebhookHeaders {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature(secret, id, timestamp, body)}`,
  };
}

/**
 * What a receiver does (docs/api.md shows it): recompute the signature over the raw body, compare in constant time,
 * and refuse a timestamp further than the tolerance from now.
 */
export function verifyWebhook(secret: string, headers: Record<string, string | undefined>, body: string, now: Date) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const given = headers['webhook-signature'];
  if (!id || !timestamp || !given) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signature(secret, id, timestamp, body));
  return given
    .split(' ')
    .map((candidate) => candidate.replace(/^v1,/, ''))
    .some((candidate) => {
      const bytes = Buffer.from(candidate);
      return bytes.length === expected.length && timingSafeEqual(bytes, expected);
    });
}
