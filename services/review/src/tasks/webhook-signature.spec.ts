import { signWebhook, verifyWebhook } from './webhook-signature';

const body = JSON.stringify({ type: 'task.queued', taskId: 't-1' });
const now = new Date('2026-12-04T12:00:00Z');
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('webhook signatures (Standard Webhooks)', () => {
  it('matches the specification’s published example', () => {
    // standardwebhooks.com spec example: id msg_p5jXN8AQM9LWM0D4loKWxJek, timestamp 1614265330.
    const headers = signWebhook(
      secret,
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      '{"test": 2432232314}',
      new Date(1614265330_000),
    );
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies what it signed, and nothing changed or replayed', () => {
    const headers = signWebhook(secret, 'notice-1', body, now);
    expect(verifyWebhook(secret, { ...headers }, body, now)).toBe(true);
    expect(verifyWebhook(secret, { ...headers }, body.replace('t-1', 't-2'), now)).toBe(false);
    expect(verifyWebhook('whsec_b3RoZXItc2VjcmV0', { ...headers }, body, now)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, 'webhook-id': 'notice-2' }, body, now)).toBe(false);
    expect(verifyWebhook(secret, { ...headers }, body, new Date(now.getTime() + 301_000))).toBe(false);
  });
});
