// Tiny media generated at test time with ffmpeg's lavfi sources; nothing binary is committed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from '../process/run.js';

export interface TestMedia {
  dir: string;
  /** 640x360 25 fps H.264 + AAC, 2 s. */
  mp4: string;
  /** 640x360 25 fps VP9 + Opus, 2 s. */
  webm: string;
  /** MP3 with an attached cover picture. */
  coverMp3: string;
  vtt: string;
  corrupt: string;
  empty: string;
  cleanup: () => Promise<void>;
}

const SOURCES = ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '2'];

async function ffmpeg(args: string[]): Promise<void> {
  const r = await runProcess('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`test media: ffmpeg ${args.join(' ')} failed: ${r.stderr}`);
}

export async function makeTestMedia(): Promise<TestMedia> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vc-media-'));
  const m: TestMedia = {
    dir,
    mp4: path.join(dir, 'src.mp4'),
    webm: path.join(dir, 'src.webm'),
    coverMp3: path.join(dir, 'cover.mp3'),
    vtt: path.join(dir, 'en.vtt'),
    corrupt: path.join(dir, 'corrupt.mp4'),
    empty: path.join(dir, 'empty.mp4'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  await Promise.all([
    // -g 25: a keyframe per second, like real downloads have every few seconds.
    ffmpeg([...SOURCES, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', m.mp4]),
    ffmpeg([...SOURCES, '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', m.webm]),
    ffmpeg([
      '-f', 'lavfi', '-i', 'sine=duration=1', '-f', 'lavfi', '-i', 'testsrc2=size=64x64:duration=0.1', '-frames:v', '1',
      '-map', '0', '-map', '1', '-c:a', 'libmp3lame', '-c:v', 'mjpeg', '-disposition:v:0', 'attached_pic', m.coverMp3,
    ]),
    writeFile(m.vtt, 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello\n'),
    writeFile(m.corrupt, randomBytes(64 * 1024)),
    writeFile(m.empty, ''),
  ]);
  return m;
}
