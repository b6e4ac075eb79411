// HLS media playlists read the way ffmpeg reads them (libavformat/hls.c), and re-written into
// the pinned copy a preview plays (open.ts): what the URL policy checked is then exactly what
// ffmpeg opens, however the server answers ffmpeg's own requests.
//
// ffmpeg's reading, reproduced here:
// - Lines end at \n, \r, \r\n or NUL (ff_get_line); trailing whitespace is dropped, leading
//   whitespace is not (ff_get_chomp_line); a line is at most 4095 bytes (MAX_URL_SIZE).
// - The first line must be exactly "#EXTM3U".
// - A tag is recognised by its exact, case-sensitive prefix ("#EXT-X-KEY:"); its attribute
//   list is read by ff_parse_key_value: separators are commas and whitespace, a key runs to
//   the first "=", a value is either quoted (backslash escapes the next character) or runs to
//   the next comma or whitespace. So `URI=file:///x`, `URI="…"` and `, URI=…` all count.
// - Any other line starting with "#" is ignored; any other non-empty line is a URI.
//
// The copy is re-written, not patched: every URI (segment lines and every URI attribute of
// every tag, not only the tags ffmpeg 5.1 reads) is resolved against the playlist's URL and
// must be http(s); attribute lists that carry one are re-serialised with every value quoted.

/** ffmpeg's line buffer (MAX_URL_SIZE) less its terminator: longer lines are cut, not read whole. */
const MAX_LINE_BYTES = 4095;
/** av_isspace: ASCII whitespace only. */
const SPACE = /[ \t\n\v\f\r]/;

export interface Attribute {
  /** The key as ffmpeg compares it: everything up to and including the "=". */
  key: string;
  value: string;
}

/** ffmpeg's line splitting and trimming. */
export function playlistLines(text: string): string[] {
  return text.split(/\r\n|\r|\n|\0/).map((l) => l.replace(/[ \t\n\v\f\r]+$/, ''));
}

/** ff_parse_key_value, value for value. */
export function parseAttributes(list: string): Attribute[] {
  const out: Attribute[] = [];
  let i = 0;
  for (;;) {
    while (i < list.length && (SPACE.test(list[i]) || list[i] === ',')) i++;
    if (i >= list.length) break;
    const eq = list.indexOf('=', i);
    if (eq < 0) break;
    const key = list.slice(i, eq + 1);
    i = eq + 1;
    let value = '';
    if (list[i] === '"') {
      i++;
      while (i < list.length && list[i] !== '"') {
        if (list[i] === '\\') {
          if (i + 1 >= list.length) break;
          value += list[i + 1];
          i += 2;
        } else {
          value += list[i++];
        }
      }
      if (list[i] === '"') i++;
    } else {
      while (i < list.length && !SPACE.test(list[i]) && list[i] !== ',') value += list[i++];
    }
    out.push({ key, value });
  }
  return out;
}

export type PinResult =
  /** The re-written playlist and every URI in it (absolute, http(s)). */
  | { ok: true; text: string; uris: string[] }
  /** A URI that is not http(s), or not a URL at all: the source is refused. */
  | { ok: false; refused: string }
  /** Not something to pin (a master playlist, not HLS, lines ffmpeg would cut): download it instead. */
  | { ok: false; unpinnable: string };

/** The media playlist `text`, fetched from `base`, re-written for ffmpeg to read from elsewhere. */
export function pinPlaylist(text: string, base: string): PinResult {
  const lines = playlistLines(text);
  if (lines[0] !== '#EXTM3U') return { ok: false, unpinnable: 'not an HLS playlist' };
  const uris: string[] = [];
  const out: string[] = [];
  for (const line of lines) {
    if (Buffer.byteLength(line) > MAX_LINE_BYTES) return { ok: false, unpinnable: 'a playlist line longer than ffmpeg reads' };
    // A master playlist's variants would be fetched and read unchecked.
    if (line.startsWith('#EXT-X-STREAM-INF:') || line.startsWith('#EXT-X-MEDIA:')) return { ok: false, unpinnable: 'a master playlist' };
    if (line === '') {
      out.push(line);
      continue;
    }
    if (!line.startsWith('#')) {
      const abs = absolute(line, base);
      if (!abs) return { ok: false, refused: line };
      uris.push(abs);
      out.push(abs);
      continue;
    }
    const colon = line.indexOf(':');
    const attrs = colon < 0 ? [] : parseAttributes(line.slice(colon + 1));
    if (!attrs.some((a) => a.key === 'URI=')) {
      out.push(line);
      continue;
    }
    const rewritten: Attribute[] = [];
    for (const a of attrs) {
      if (a.key !== 'URI=') {
        rewritten.push(a);
        continue;
      }
      const abs = absolute(a.value, base);
      if (!abs) return { ok: false, refused: a.value };
      uris.push(abs);
      rewritten.push({ key: a.key, value: abs });
    }
    out.push(`${line.slice(0, colon + 1)}${rewritten.map((a) => `${a.key}"${a.value.replace(/[\\"]/g, '\\$&')}"`).join(',')}`);
  }
  return { ok: true, text: `${out.join('\n').replace(/\n+$/, '')}\n`, uris };
}

/** `uri` resolved against `base` when the result is http(s); null otherwise. */
function absolute(uri: string, base: string): string | null {
  try {
    const u = new URL(uri, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
