"""yt-dlp fork server: pays the interpreter start-up and imports once, forks per run.

Started by Node as `<venv>/bin/python forkserver.py <socket-path> [<ffmpeg-location>]`;
prints `READY <ms>` on stdout once warm and exits when its stdin closes (Node went away).
Protocol, one connection per run (see forkserver.ts):
  client -> server  one JSON line {"argv": [...], "cwd": "/dir", "stderr": "/path/file", "env": {...}}
  server -> client  "VCPID <pid>\n", then yt-dlp's stdout verbatim, then "\nVCEXIT <code>\n"
The child's stderr goes to the named file. Each child is a session leader (its pid is its
process group id), so Node can kill the run together with any ffmpeg it spawned.
"""

import gc
import json
import os
import select
import signal
import socket
import struct
import sys
import time
import traceback

WARM_START = time.monotonic()
import yt_dlp  # noqa: E402  (timed: the import alone is ~200 ms of the CLI's start-up)
from yt_dlp.postprocessor.ffmpeg import FFmpegPostProcessor  # noqa: E402
from forkserver_setup import share_setup_work  # noqa: E402  (beside this file: sys.path[0])
from forkserver_tunnel import tunnel_plain_http  # noqa: E402

MAX_REQUEST_BYTES = 1 << 20
# Tiny inputs that walk the generic extractor's two common paths (a direct media file and
# an HTML page with <video>) without touching the network: data: URLs are served locally.
WARM_URLS = [
    'data:video/mp4;base64,AAAAGGZ0eXBpc29tAAAAAGlzb21tcDQx',
    'data:text/html,<html><head><title>w</title></head>'
    '<body><video src="http://127.0.0.1:9/w.mp4"></video></body></html>',
]


def warm(ffmpeg_location):
    """Do once in the parent what every run would otherwise repeat after fork.

    A first yt_dlp.main() call in a fresh interpreter pays, beyond the imports: compiling
    ~1,800 extractor URL regexes (~700 ms, cached on the lazy extractor classes), strptime
    patterns for HTTP dates (~130 ms), probing `ffmpeg -version` (~150 ms, cached per path)
    and the platform probes behind the updater's system identifier (two subprocesses).
    One real run on data: URLs pays them all here (~1 s, once). Measured: `-J` on the 2 s
    local fixture, forked child, 2 CPUs: 0.11-0.14 s with this warm-up, 0.6-0.8 s with
    the imports alone, 0.9-1.2 s for the plain CLI.
    Nothing here may leave a socket or thread behind: children inherit both.
    """
    argv = ['-J', '--ignore-config', '--no-cache-dir', '--no-warnings', *plugin_args(), '--', *WARM_URLS]
    saved = sys.stdout, sys.stderr
    with open(os.devnull, 'w') as devnull:
        sys.stdout = sys.stderr = devnull
        try:
            yt_dlp.main(argv)
        except SystemExit:
            pass
        finally:
            sys.stdout, sys.stderr = saved
    if ffmpeg_location:  # runs that pass --ffmpeg-location hit a cache keyed by that path
        with yt_dlp.YoutubeDL({'quiet': True, 'ffmpeg_location': ffmpeg_location}) as ydl:
            FFmpegPostProcessor.get_versions(ydl)


def keep_cookies_out_of_ffmpeg_argv():
    """yt-dlp hands the ffmpeg it downloads with (sections, live streams) the cookies as
    `-cookies <name=value…>` on its command line, which every local user can read (`ps`,
    /proc/<pid>/cmdline). Here that ffmpeg gets none; the egress proxy adds the job's cookies
    to its plain-HTTP requests instead (src/net/egress-proxy.ts, docs/security.md "Cookies").
    """
    from yt_dlp.downloader.external import FFmpegFD

    original = FFmpegFD._call_downloader

    def call_downloader(self, tmpfilename, info_dict):
        jar = self.ydl.cookiejar
        jar.get_cookies_for_url = lambda url: []
        try:
            return original(self, tmpfilename, info_dict)
        finally:
            del jar.get_cookies_for_url

    FFmpegFD._call_downloader = call_downloader


def plugin_args():
    """--plugin-dirs for the operator's plugin folders (VC_FORKSERVER_PLUGIN_DIRS, a JSON list).

    yt-dlp imports the `yt_dlp_plugins` namespace once per interpreter and caches its search
    path. Should the warm-up import it without these folders (a plugin in a default location
    is enough), a child's own --plugin-dirs could never add them, so the warm-up must see the
    same folders as every run. Plugin modules are thereby imported here, before any fork.
    """
    dirs = json.loads(os.environ.get('VC_FORKSERVER_PLUGIN_DIRS') or '[]')
    return [arg for d in dirs for arg in ('--plugin-dirs', d)]


def run_child(conn):
    """Runs in the forked child and never returns."""
    code = 1
    try:
        os.setsid()
        # The parent ignores SIGCHLD to auto-reap; yt-dlp's subprocess waits need the default.
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        # fd 1 becomes the connection first, so even a bad request ends in a trailer there
        # and never leaks into the server's own stdout (Node's READY pipe).
        os.dup2(conn.fileno(), 1)
        os.write(1, f'VCPID {os.getpid()}\n'.encode())
        null_fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null_fd, 0)
        os.close(null_fd)
        conn.settimeout(10)
        req = json.loads(read_line(conn))
        conn.close()
        argv, cwd, stderr_path = req['argv'], req.get('cwd'), req['stderr']
        if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
            raise ValueError('argv must be a list of strings')
        apply_env(req.get('env') or {})
        err_fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(err_fd, 2)
        os.close(err_fd)
        if cwd:
            os.chdir(cwd)
        sys.stdout.reconfigure(line_buffering=True)
        sys.argv = ['yt-dlp', *argv]  # optparse names the program after argv[0] in its messages
        code = run_ytdlp(argv)
    except BaseException:  # a broken request or a bug above; report it like the CLI would
        try:
            traceback.print_exc()
        except BaseException:
            pass
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        try:
            os.write(1, f'\nVCEXIT {code}\n'.encode())
        except BaseException:
            pass
        os._exit(code)


def apply_env(env):
    """The run's own variables: how the egress proxy reaches it without entering its argv.

    A run that brings a *_proxy variable gets none of the server's (any case: urllib lets an
    uppercase FTP_PROXY win over our all_proxy for ftp URLs).
    """
    if not isinstance(env, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in env.items()):
        raise ValueError('env must map strings to strings')
    if any(k.lower().endswith('_proxy') for k in env):
        for k in [k for k in os.environ if k.lower().endswith('_proxy')]:
            del os.environ[k]
    os.environ.update(env)


def run_ytdlp(argv):
    """yt_dlp.main with the CLI's exit-code rules (SystemExit(str) prints it, exits 1)."""
    try:
        yt_dlp.main(argv)
        return 0
    except SystemExit as e:
        if e.code is None:
            return 0
        if isinstance(e.code, int):
            return e.code & 0xFF
        sys.stderr.write(f'{e.code}\n')
        return 1
    except BaseException:
        traceback.print_exc()
        return 1


def read_line(conn):
    buf = b''
    while not buf.endswith(b'\n'):
        chunk = conn.recv(65536)
        if not chunk:
            break
        buf += chunk
        if len(buf) > MAX_REQUEST_BYTES:
            raise ValueError('request too large')
    return buf.decode('utf-8')


def same_user(conn):
    """The socket lives in a private directory; this is the second lock on the door."""
    opt = getattr(socket, 'SO_PEERCRED', None)
    if opt is None:
        return True
    creds = conn.getsockopt(socket.SOL_SOCKET, opt, struct.calcsize('3i'))
    _pid, uid, _gid = struct.unpack('3i', creds)
    return uid == os.getuid()


def alive(pids):
    """Exited children are reaped at once (SIGCHLD ignored), so kill(pid, 0) fails for them."""
    left = set()
    for pid in pids:
        try:
            os.kill(pid, 0)
            left.add(pid)
        except OSError:
            pass
    return left


def serve(socket_path, ffmpeg_location):
    os.umask(0o077)
    # Memoize before warming: the warm-up's own runs fill the memo.
    share_setup_work()
    tunnel_plain_http()
    # Warm before SIGCHLD is ignored: the warm-up waits for its ffmpeg probes.
    warm(ffmpeg_location)
    keep_cookies_out_of_ffmpeg_argv()
    # Everything imported and warmed so far lives as long as the server: out of the collector's
    # sight, a child's collections no longer walk (and so copy, page by page) the whole
    # inherited heap. Measured: 5,000 comments through a forked child, ~1.29 s -> ~1.05 s.
    gc.freeze()
    try:
        os.unlink(socket_path)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(128)
    # Children are reaped by the kernel; Node learns the exit code from the trailer.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    sys.stdout.write(f'READY {round((time.monotonic() - WARM_START) * 1000)}\n')
    sys.stdout.flush()

    stdin_fd = sys.stdin.fileno()
    children = set()  # pids (= process group ids) of runs that may still be going
    try:
        while True:
            readable, _, _ = select.select([listener, stdin_fd], [], [])
            if stdin_fd in readable and not os.read(stdin_fd, 4096):
                return  # Node went away
            if listener in readable:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                if not same_user(conn):
                    conn.close()
                    continue
                # The request is read in the child, so a slow client never stalls the loop.
                try:
                    pid = os.fork()
                except OSError:  # out of processes: this run fails (no trailer), the server lives
                    conn.close()
                    continue
                if pid == 0:
                    listener.close()
                    run_child(conn)
                conn.close()
                children = alive(children) | {pid}
    finally:
        # Node went away or we were told to stop (a clean close() has already stopped its
        # runs): nobody will read the runs' output any more, so end them, ffmpeg and all.
        for pid in alive(children):
            try:
                os.killpg(pid, signal.SIGTERM)
            except OSError:
                pass
        try:
            os.unlink(socket_path)
        except OSError:
            pass


if __name__ == '__main__':
    # forkserver.py SOCKET_PATH [FFMPEG_LOCATION]
    serve(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
