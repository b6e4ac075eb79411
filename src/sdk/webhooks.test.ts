import { describe, expect, it } from 'vitest';
import { signDelivery } from '../webhooks/signing.js';
import { verifyWebhook, WebhookVerificationError } from './webhooks.js';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const OTHER = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const body = JSON.stringify({ id: 'evt_1', type: 'job.completed', created_at: '2026-11-28T17:20:24Z', data: { job_id: 'j' } });
const now = new Date('2026-11-28T17:20:30Z');
const signed = (secrets = [SECRET], at = now): Record<string, string> => ({ ...signDelivery('evt_1', body, secrets, Math.floor(at.getTime() / 1000)) });

describe('verifyWebhook (the server signs, the SDK verifies with WebCrypto)', () => {
  it('accepts a genuine delivery, with a Headers object or a plain record, during a rotation too', async () => {
    expect((await verifyWebhook(body, signed(), SECRET, { now })).type).toBe('job.completed');
    expect((await verifyWebhook(body, new Headers(signed()), SECRET, { now })).id).toBe('evt_1');
    expect((await verifyWebhook(body, signed([OTHER, SECRET]), SECRET, { now })).id).toBe('evt_1');
  });

  it('refuses a changed body, the wrong secret, a stale timestamp and missing headers', async () => {
    await expect(verifyWebhook(body.replace('job.completed', 'job.failed'), signed(), SECRET, { now })).rejects.toThrow(WebhookVerificationError);
    await expect(verifyWebhook(body, signed(), OTHER, { now })).rejects.toThrow(/No signature matches/);
    await expect(verifyWebhook(body, signed([SECRET], new Date(now.getTime() - 600_000)), SECRET, { now })).rejects.toThrow(/too old/);
    await expect(verifyWebhook(body, {}, SECRET, { now })).rejects.toThrow(/Missing/);
  });
});
