import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret } from '../store/accounts.js';
import { secretKey, signDelivery, verifyVideoConduitSignature } from './signing.js';

const body = '{"id":"e1","type":"job.completed"}';

describe('webhook signing', () => {
  it('uses the 32 decoded bytes after whsec_ as the key', () => {
    const s = newWebhookSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(s)).toHaveLength(32);
  });

  it('signs both schemes; stock Standard Webhooks verifies', () => {
    const s = newWebhookSecret();
    const t = Math.floor(Date.now() / 1000);
    const h = signDelivery('evt_1', body, [s], t);
    expect(h['x-videoconduit-signature']).toBe(`t=${t},v1=${createHmac('sha256', secretKey(s)).update(`${t}.${body}`).digest('hex')}`);
    expect(new Webhook(s).verify(body, { ...h })).toEqual(JSON.parse(body));
    expect(verifyVideoConduitSignature(h['x-videoconduit-signature'], body, s)).toBe(true);
  });

  it('fails a tampered body, a wrong secret and a stale timestamp', () => {
    const s = newWebhookSecret();
    const h = signDelivery('evt_1', body, [s]);
    const tampered = body.replace('completed', 'failed');
    expect(() => new Webhook(s).verify(tampered, { ...h })).toThrow();
    expect(verifyVideoConduitSignature(h['x-videoconduit-signature'], tampered, s)).toBe(false);
    const other = newWebhookSecret();
    expect(() => new Webhook(other).verify(body, { ...h })).toThrow();
    expect(verifyVideoConduitSignature(h['x-videoconduit-signature'], body, other)).toBe(false);
    const stale = signDelivery('evt_1', body, [s], Math.floor(Date.now() / 1000) - 600);
    expect(() => new Webhook(s).verify(body, { ...stale })).toThrow(/too old/);
    expect(verifyVideoConduitSignature(stale['x-videoconduit-signature'], body, s)).toBe(false);
  });

  it('signs with both secrets during a rotation overlap', () => {
    const [now, old] = [newWebhookSecret(), newWebhookSecret()];
    const h = signDelivery('evt_2', body, [now, old]);
    expect(h['webhook-signature'].split(' ')).toHaveLength(2);
    expect(h['x-videoconduit-signature'].match(/v1=/g)).toHaveLength(2);
    for (const s of [now, old]) {
      expect(() => new Webhook(s).verify(body, { ...h })).not.toThrow();
      expect(verifyVideoConduitSignature(h['x-videoconduit-signature'], body, s)).toBe(true);
    }
  });
});
