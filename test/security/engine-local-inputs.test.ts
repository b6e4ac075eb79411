// Item: local inputs are media containers only. A "video" whose bytes are an HLS playlist
// (served as video/mp4, stored as source.mp4) names another tenant's output through a file://
// segment. ffmpeg/ffprobe detect HLS from the content; with only `-protocol_whitelist file,pipe`
// they then read that file, and it came back as the attacker's download, preview, fingerprint
// and transcript. Every job type must refuse it (media_error) and never read the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { outcome, told, runJob, startHostileSite, twoTenants, type HostileSite } from '../helpers/hostile.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('engines read local files as media containers only', () => {
  let svc: TestService;
  let site: MediaSite;
  let evil: HostileSite;
  let attacker: Record<string, string>;
  let secret: string;

  beforeAll(async () => {
    site = await startMediaSite();
    evil = await startHostileSite();
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '2' });
    ({ attacker, victimFile: secret } = await twoTenants(svc, site.url('/media/video.mp4')));
    const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:6.0,\nfile://${secret}\n#EXT-X-ENDLIST\n`;
    evil.route('/clip.mp4', { type: 'video/mp4', body: playlist });
    // The same disguise inside a DASH manifest: yt-dlp downloads a video part and an audio
    // part, and its merger (ffmpeg, run by yt-dlp) opens the disguised part.
    evil.route('/split.mpd', { type: 'application/dash+xml', body: dashManifest(evil.url('/clip.mp4'), site.url('/media/audio.m4a')) });
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
    await evil?.close();
  });

  it.each([
    ['download', '/v1/download', {}],
    ['preview', '/v1/preview', { preview_type: 'thumbnail', timestamp: 1 }],
    ['fingerprint', '/v1/fingerprint', {}],
    ['transcribe', '/v1/transcribe', { model_size: 'tiny.en' }],
  ])('%s: a playlist disguised as video/mp4 is media_error, not another tenant file', async (_name, route, extra) => {
    const job = await runJob(svc, attacker, route, { url: evil.url('/clip.mp4'), ...extra });
    expect(outcome(job), told(job)).toBe('media_error');
    expect(job.error.detail).not.toContain(svc.dataDir);
  });

  it('download: yt-dlp merging a disguised DASH part refuses it too', async () => {
    const job = await runJob(svc, attacker, '/v1/download', { url: evil.url('/split.mpd'), format: 'mkv' });
    expect(outcome(job), told(job)).toBe('media_error');
  });
});

/** One video and one audio representation, each a single file (yt-dlp merges them). */
function dashManifest(video: string, audio: string): string {
  return `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT6S" minBufferTime="PT1S" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011">
 <Period>
  <AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="500000" width="640" height="360" codecs="avc1.64001e"><BaseURL>${video}</BaseURL></Representation></AdaptationSet>
  <AdaptationSet mimeType="audio/mp4"><Representation id="a" bandwidth="64000" codecs="mp4a.40.2"><BaseURL>${audio}</BaseURL></Representation></AdaptationSet>
 </Period>
</MPD>
`;
}
