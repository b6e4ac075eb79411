// A ZIP of a job's output files (a playlist's entries, a video's chapters): the job's own
// download_url. Entries are stored, not deflated: the files are compressed media already, so
// deflate would cost CPU for a percent or two. UTF-8 names (flag bit 11); ZIP64 records where
// a size, an offset or the entry count outgrows the classic fields (a 200-entry playlist of
// 4 GiB files is possible). Each file is read twice (CRC, then copy) so that every header is
// final when written and no data descriptors are needed: the files were just written and sit
// in the page cache.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { crc32 } from 'node:zlib';

export interface ZipEntry {
  /** The file on disk. */
  path: string;
  /** Its name inside the archive (no directories). */
  name: string;
}

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
/** 1980-01-01 00:00 in DOS time: archive times say nothing about the media. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Writes `entries` to `out` as a stored ZIP; returns its size. `zip64Above` is for tests. */
export async function writeZip(out: string, entries: readonly ZipEntry[], signal?: AbortSignal, zip64Above = MAX32 - 1): Promise<number> {
  const w = createWriteStream(out, { mode: 0o644 });
  let failed: Error | null = null;
  w.on('error', (err) => (failed ??= err));
  let offset = 0;
  const write = async (buf: Buffer) => {
    if (failed) throw failed;
    offset += buf.length;
    if (!w.write(buf)) await once(w, 'drain');
  };
  const central: Buffer[] = [];
  try {
    for (const e of entries) {
      signal?.throwIfAborted();
      const size = (await stat(e.path)).size;
      const crc = await fileCrc(e.path, signal);
      const name = Buffer.from(e.name, 'utf8');
      const at = offset;
      const big = size > zip64Above || at > zip64Above;
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(big ? 45 : 20, 4); // version needed
      local.writeUInt16LE(0x0800, 6); // UTF-8 name
      local.writeUInt16LE(0, 8); // stored
      local.writeUInt16LE(0, 10);
      local.writeUInt16LE(DOS_DATE, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(big ? MAX32 : size, 18);
      local.writeUInt32LE(big ? MAX32 : size, 22);
      local.writeUInt16LE(name.length, 26);
      const localExtra = big ? zip64Extra([size, size]) : Buffer.alloc(0);
      local.writeUInt16LE(localExtra.length, 28);
      await write(Buffer.concat([local, name, localExtra]));
      for await (const chunk of createReadStream(e.path, { signal })) await write(chunk as Buffer);
      central.push(centralHeader(name, crc, size, at, zip64Above));
    }
    const cdStart = offset;
    for (const c of central) await write(c);
    const cdSize = offset - cdStart;
    const needs64 = entries.length > MAX16 - 1 || cdStart > zip64Above || cdSize > zip64Above || central.some((c) => c.readUInt16LE(6) === 45);
    if (needs64) await write(zip64End(entries.length, cdSize, cdStart, offset));
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(needs64 ? MAX16 : entries.length, 8);
    end.writeUInt16LE(needs64 ? MAX16 : entries.length, 10);
    end.writeUInt32LE(needs64 ? MAX32 : cdSize, 12);
    end.writeUInt32LE(needs64 ? MAX32 : cdStart, 16);
    await write(end);
    w.end();
    await once(w, 'close');
    if (failed) throw failed;
    return offset;
  } catch (err) {
    w.destroy();
    throw err;
  }
}

async function fileCrc(file: string, signal?: AbortSignal): Promise<number> {
  let crc = 0;
  for await (const chunk of createReadStream(file, { signal })) crc = crc32(chunk as Buffer, crc);
  return crc >>> 0;
}

function zip64Extra(values: number[]): Buffer {
  const b = Buffer.alloc(4 + 8 * values.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return b;
}

function centralHeader(name: Buffer, crc: number, size: number, offset: number, limit: number): Buffer {
  const bigSize = size > limit;
  const bigOffset = offset > limit;
  // ZIP64 extra: the sizes (both, when they overflow), then the offset, in that order.
  const extra64 = bigSize || bigOffset ? zip64Extra([...(bigSize ? [size, size] : []), ...(bigOffset ? [offset] : [])]) : Buffer.alloc(0);
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, 4.5
  h.writeUInt16LE(extra64.length ? 45 : 20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(crc, 16);
  h.writeUInt32LE(bigSize ? MAX32 : size, 20);
  h.writeUInt32LE(bigSize ? MAX32 : size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt16LE(extra64.length, 30);
  h.writeUInt16LE(0, 32); // comment
  h.writeUInt16LE(0, 34); // disk
  h.writeUInt16LE(0, 36); // internal attributes
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
  h.writeUInt32LE(bigOffset ? MAX32 : offset, 42);
  return Buffer.concat([h, name, extra64]);
}

function zip64End(count: number, cdSize: number, cdStart: number, at: number): Buffer {
  const rec = Buffer.alloc(56);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(44n, 4); // size of the rest of this record
  rec.writeUInt16LE((3 << 8) | 45, 12);
  rec.writeUInt16LE(45, 14);
  rec.writeUInt32LE(0, 16);
  rec.writeUInt32LE(0, 20);
  rec.writeBigUInt64LE(BigInt(count), 24);
  rec.writeBigUInt64LE(BigInt(count), 32);
  rec.writeBigUInt64LE(BigInt(cdSize), 40);
  rec.writeBigUInt64LE(BigInt(cdStart), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeUInt32LE(0, 4);
  locator.writeBigUInt64LE(BigInt(at), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([rec, locator]);
}
