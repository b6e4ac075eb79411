// The installed yt-dlp release, read from its package metadata folder in the venv
// (`yt_dlp-<version>.dist-info`): free, where `yt-dlp --version` imports the whole package
// (~0.25 s warm). /readyz shows it; `doctor` also runs the program itself.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export async function installedYtdlpVersion(venvDir: string): Promise<string | null> {
  const lib = path.join(venvDir, 'lib');
  const pythons = await readdir(lib).catch(() => [] as string[]);
  for (const py of pythons.filter((p) => p.startsWith('python3'))) {
    const site = await readdir(path.join(lib, py, 'site-packages')).catch(() => [] as string[]);
    const info = site.find((d) => /^yt_dlp-.+\.dist-info$/.test(d));
    if (info) return info.slice('yt_dlp-'.length, -'.dist-info'.length);
  }
  return null;
}
