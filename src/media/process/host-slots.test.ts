import { describe, expect, it } from 'vitest';
import { HostSlots, sourceHost } from './host-slots.js';

describe('HostSlots', () => {
  it('lets `limit` runs per host through, queues the rest first come first served, and times a wait out', async () => {
    const slots = new HostSlots(1);
    const never = new AbortController().signal;
    const a = await slots.take('Example.com', never, 1000);
    if (!a.ok) throw new Error('first take must succeed');
    const order: string[] = [];
    const b = slots.take('example.com', never, 1000).then((r) => (order.push('b'), r));
    const c = slots.take('example.com', never, 1000).then((r) => (order.push('c'), r));
    const other = await slots.take('other.example', never, 1000);
    expect(other.ok).toBe(true);
    expect(slots.inUse('EXAMPLE.COM')).toBe(1);
    a.release();
    a.release(); // idempotent
    const rb = await b;
    if (rb.ok) rb.release();
    const rc = await c;
    expect(order).toEqual(['b', 'c']);
    expect(rc.ok).toBe(true);
    expect(await slots.take('example.com', never, 20)).toEqual({ ok: false, why: 'timeout' });
  });

  it('0 means no limit; a URL that is not http(s) has no host', async () => {
    const slots = new HostSlots(0);
    const takes = await Promise.all([1, 2, 3].map(() => slots.take('h', new AbortController().signal, 10)));
    expect(takes.every((t) => t.ok)).toBe(true);
    expect([sourceHost('https://a.b/c'), sourceHost('ftp://a.b/'), sourceHost('nonsense')]).toEqual(['a.b', null, null]);
  });
});
