"""The warm in-process anchor of bench/info.ts: yt-dlp imported once, one extraction per line.

Reads one JSON line per request, {"argv": [...yt-dlp options..., "--", url], "reuse": bool},
builds the params from the argv as the CLI does (yt_dlp.parse_options), then runs
YoutubeDL(params).extract_info(url, download=False) and serializes it as -J does. With
"reuse", one YoutubeDL per distinct argv serves every request (its extractor list, SSL
context and connection pool are built once): the floor of an extraction. Answers one
line: {"ms": <extraction time>, "bytes": <JSON size>} or {"error": "..."}. The first request
pays the one-off costs (regex compilation, ffmpeg probe); the bench discards it as warm-up.
"""

import json
import sys
import time

import yt_dlp


REUSED = {}


def extract(argv, reuse=False):
    url, options = argv[-1], argv[:-2]
    if not reuse:
        with yt_dlp.YoutubeDL(yt_dlp.parse_options(options).ydl_opts) as ydl:
            return dump(ydl, url)
    key = json.dumps(options)
    if key not in REUSED:
        REUSED[key] = yt_dlp.YoutubeDL(yt_dlp.parse_options(options).ydl_opts)
    return dump(REUSED[key], url)


def dump(ydl, url):
    info = ydl.extract_info(url, download=False)
    if info is None:  # yt-dlp reported the error (on stderr) and returned nothing
        raise RuntimeError('extraction failed')
    return json.dumps(ydl.sanitize_info(info))


def main():
    answers = sys.stdout
    sys.stdout = sys.stderr  # whatever yt-dlp prints must not mix with the answers
    for line in sys.stdin:
        req = json.loads(line)
        t = time.perf_counter()
        try:
            out = extract(req['argv'], bool(req.get('reuse')))
            answer = {'ms': (time.perf_counter() - t) * 1000, 'bytes': len(out)}
        except BaseException as e:  # noqa: BLE001  (the bench reports it)
            answer = {'error': repr(e)}
        answers.write(json.dumps(answer) + '\n')
        answers.flush()


if __name__ == '__main__':
    main()
