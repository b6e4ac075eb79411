// Sizes of the images previews write, read from their headers: ffprobe (5.x) cannot decode
// animated WebP (it reports 0x0), and for JPEG/GIF a header read saves an ffprobe process
// (70–280 ms measured on the shared 2-core box) per job.

export interface WebpInfo {
  width: number;
  height: number;
  /** ANMF chunks; 1 for a still image. */
  frames: number;
  animated: boolean;
}

/** Parses a WebP file's chunks; null when it is not WebP. */
export function webpInfo(buf: Buffer): WebpInfo | null {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WEBP') return null;
  let width = 0;
  let height = 0;
  let frames = 0;
  let animated = false;
  for (let off = 12; off + 8 <= buf.length; ) {
    const fourcc = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const data = off + 8;
    if (fourcc === 'VP8X' && data + 10 <= buf.length) {
      animated = (buf[data] & 0x02) !== 0;
      width = buf.readUIntLE(data + 4, 3) + 1;
      height = buf.readUIntLE(data + 7, 3) + 1;
    } else if (fourcc === 'ANMF') {
      frames++;
    } else if ((fourcc === 'VP8 ' || fourcc === 'VP8L') && frames === 0 && width === 0) {
      frames = 1; // a simple (still) file; its size is in the bitstream, not needed here
    }
    off = data + size + (size % 2);
  }
  return { width, height, frames: Math.max(frames, animated ? 0 : 1), animated };
}

/** Width/height from a baseline or progressive JPEG's SOF marker; null when there is none. */
export function jpegSize(buf: Buffer): { width: number; height: number } | null {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return null;
  for (let off = 2; off + 9 < buf.length; ) {
    if (buf[off] !== 0xff) return null;
    const marker = buf[off + 1];
    if (marker === 0xff) {
      off++; // fill byte
      continue;
    }
    const len = buf.readUInt16BE(off + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: buf.readUInt16BE(off + 5), width: buf.readUInt16BE(off + 7) };
    }
    off += 2 + len;
  }
  return null;
}

/** The logical screen size of a GIF. */
export function gifSize(buf: Buffer): { width: number; height: number } | null {
  if (buf.length < 10 || !/^GIF8[79]a$/.test(buf.toString('ascii', 0, 6))) return null;
  return { width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) };
}
