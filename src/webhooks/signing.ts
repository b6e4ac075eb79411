// Webhook signatures (API §7), two schemes over the same HMAC-SHA256 key:
//   X-VideoConduit-Signature: t=<unix>,v1=<hex hmac("<t>.<body>")>[,v1=<hex, previous secret>]
//   webhook-id / webhook-timestamp / webhook-signature: v1,<base64 hmac("<id>.<t>.<body>")> [v1,<…>]
// (Standard Webhooks, so receivers can verify with stock libraries). During a rotation's
// overlap both the new and the previous secret sign, so either verifies.
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'whsec_';

/** The HMAC key: the base64-decoded bytes after `whsec_`. */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

export function secretHint(secret: string): string {
  return `${PREFIX}…${secret.slice(-4)}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'x-videoconduit-signature': string;
}

/** Headers for one attempt. `secrets` lists the current secret first, then any still-valid previous one. */
export function signDelivery(eventId: string, body: string, secrets: readonly string[], nowSeconds = Math.floor(Date.now() / 1000)): SignedHeaders {
  const t = String(nowSeconds);
  const keys = secrets.map(secretKey);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': t,
    'webhook-signature': keys.map((k) => `v1,${createHmac('sha256', k).update(`${eventId}.${t}.${body}`).digest('base64')}`).join(' '),
    'x-videoconduit-signature': [`t=${t}`, ...keys.map((k) => `v1=${createHmac('sha256', k).update(`${t}.${body}`).digest('hex')}`)].join(','),
  };
}

/**
 * Verifies X-VideoConduit-Signature the way a receiver should (used by our tests and docs):
 * any v1 matches and the timestamp is within `toleranceSeconds` of now.
 */
export function verifyVideoConduitSignature(header: string, body: string, secret: string, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const parts = header.split(',').map((p) => p.trim());
  const t = parts.find((p) => p.startsWith('t='))?.slice(2);
  if (!t || !/^\d+$/.test(t) || Math.abs(nowSeconds - Number(t)) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secretKey(secret)).update(`${t}.${body}`).digest('hex'));
  return parts
    .filter((p) => p.startsWith('v1='))
    .some((p) => {
      const given = Buffer.from(p.slice(3));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
