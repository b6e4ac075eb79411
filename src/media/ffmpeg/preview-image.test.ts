import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { gifSize, jpegSize, webpInfo } from './preview-image.js';

const chunk = (fourcc: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'ascii');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};
const riff = (...chunks: Buffer[]) => {
  const body = Buffer.concat([Buffer.from('WEBP'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
};

describe('webpInfo', () => {
  it('reads the canvas and counts ANMF frames of an animated file', () => {
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x02; // animation flag
    vp8x.writeUIntLE(199, 4, 3);
    vp8x.writeUIntLE(111, 7, 3);
    const file = riff(chunk('VP8X', vp8x), chunk('ANIM', Buffer.alloc(6)), chunk('ANMF', Buffer.alloc(17)), chunk('ANMF', Buffer.alloc(20)));
    expect(webpInfo(file)).toEqual({ width: 200, height: 112, frames: 2, animated: true });
  });

  it('rejects what is not WebP', () => {
    expect(webpInfo(Buffer.from('GIF89a........'))).toBeNull();
  });

  it('reads JPEG and GIF sizes from their headers', () => {
    const make = (fmt: string) => execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=202x114', '-frames:v', '1', '-f', fmt, '-'], { maxBuffer: 1 << 24 });
    expect(jpegSize(make('mjpeg'))).toEqual({ width: 202, height: 114 });
    expect(gifSize(make('gif'))).toEqual({ width: 202, height: 114 });
    expect(jpegSize(Buffer.from('nope'))).toBeNull();
  });
});
