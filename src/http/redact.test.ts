import { describe, expect, it } from 'vitest';
import { redactLogFields, redactRequestUrl, redactUrlsInText } from './redact.js';

describe('request URLs in logs (issue 10 item 11)', () => {
  it('drops the whole query of a signed file link', () => {
    expect(redactRequestUrl('/v1/files/0190/clip.mp4?expires=1900000000&sig=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ')).toBe('/v1/files/0190/clip.mp4?[redacted]');
    expect(redactRequestUrl('/v1/files/0190/clip.mp4')).toBe('/v1/files/0190/clip.mp4');
  });

  it('masks secret-looking parameters and the query of URLs passed as parameters', () => {
    expect(redactRequestUrl('/v1/jobs?status=failed&limit=5')).toBe('/v1/jobs?status=failed&limit=5');
    expect(redactRequestUrl('/x?token=abc&access_token=def&api_key=1&X-Amz-Signature=2&page=3')).toBe('/x?token=[redacted]&access_token=[redacted]&api_key=[redacted]&X-Amz-Signature=[redacted]&page=3');
    const info = redactRequestUrl(`/v1/info?url=${encodeURIComponent('https://user:pw@cdn.example/v.mp4?Policy=p&Signature=s')}`);
    expect(info).toBe(`/v1/info?url=${encodeURIComponent('https://cdn.example/v.mp4?[redacted]')}`);
    expect(info).not.toMatch(/Signature|pw/);
  });

  it('redacts URLs inside free text and log fields', () => {
    expect(redactUrlsInText('HTTP Error 403 for https://cdn.example/a.m3u8?token=x, giving up')).toBe('HTTP Error 403 for https://cdn.example/a.m3u8?[redacted], giving up');
    expect(redactLogFields({ detail: 'see http://h/p?sig=1', n: 1 })).toEqual({ detail: 'see http://h/p?[redacted]', n: 1 });
  });
});
