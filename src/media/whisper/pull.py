"""`models.py pull SIZE`: download a standard faster-whisper conversion into VC_WHISPER_MODELS_DIR.

The Hugging Face client (huggingface_hub) does the transfer, so HF_ENDPOINT (a mirror),
HF_TOKEN and HF_HUB_OFFLINE apply as operators expect. Then, before the model becomes visible:
  1. every file is checked against the hub's file tree (sha256 of LFS files, git blob id of
     the others, and sizes): a truncated or altered download is refused;
  2. the folder must hold model.bin, config.json and a tokenizer, and CTranslate2 must load it
     as a Whisper model whose languages match the size's name (`.en` = English only);
  3. it is written to a hidden folder beside the target and renamed into place, so a running
     service (which lists the folder on every request) never sees half a model.
Prints one JSON line on success: {"size","path","repo","revision","bytes"}.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import time

import models

# What a faster-whisper conversion needs; README.md and .gitattributes are not downloaded.
ALLOW = ["model.bin", "config.json", "tokenizer.json", "vocabulary.*", "preprocessor_config.json"]


class PullError(Exception):
    pass


def file_digest(path, algo):
    h = hashlib.new(algo)
    if algo == "sha1":  # git blob id: sha1 over "blob <size>\0" + content
        h.update(f"blob {os.path.getsize(path)}\0".encode())
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def verify_files(folder, tree):
    """Checks each downloaded file against its tree entry; returns the total bytes."""
    total = 0
    for name, entry in tree.items():
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            raise PullError(f"{name} was listed by the hub but not downloaded")
        size = os.path.getsize(path)
        want_size = entry.lfs.size if entry.lfs is not None else entry.size
        if size != want_size:
            raise PullError(f"{name}: {size} bytes, the hub lists {want_size}")
        if entry.lfs is not None:
            got, want = file_digest(path, "sha256"), entry.lfs.sha256
        else:
            got, want = file_digest(path, "sha1"), entry.blob_id
        if got != want:
            raise PullError(f"{name}: checksum {got} does not match the hub's {want}")
        total += size
    return total


def verify_model(folder, size):
    why = models.folder_problem(folder)
    if why:
        raise PullError(f"not a faster-whisper model: {why}")
    import ctranslate2

    try:
        model = ctranslate2.models.Whisper(folder, device="cpu", compute_type="int8")
    except Exception as e:
        raise PullError(f"CTranslate2 cannot load it: {e}")
    if model.is_multilingual != models.multilingual(size):
        kind = "multilingual" if model.is_multilingual else "English-only"
        raise PullError(f"the model is {kind}, which size {size} is not")
    del model


def pull(size, root, revision=None, repo=None, force=False, log=print):
    from huggingface_hub import HfApi, constants, snapshot_download
    from huggingface_hub.hf_api import RepoFile
    from huggingface_hub.utils import filter_repo_objects

    if constants.HF_HUB_OFFLINE:
        raise PullError("HF_HUB_OFFLINE is set, so the hub is not asked; unset it, or copy a model folder into VC_WHISPER_MODELS_DIR")

    size = models.ALIASES.get(size, size)
    if size not in models.HUB_REPOS:
        raise PullError(f"unknown size {size}; sizes: {', '.join(models.HUB_REPOS)}")
    repo = repo or models.HUB_REPOS[size]
    final = os.path.join(root, size)
    if os.path.exists(final) and not force:
        raise PullError(f"{final} already exists; pass --force to replace it")
    os.makedirs(root, exist_ok=True)
    api = HfApi()
    info = api.model_info(repo, revision=revision)
    commit = info.sha
    listing = [f for f in api.list_repo_tree(repo, revision=commit, recursive=True) if isinstance(f, RepoFile)]
    wanted = set(filter_repo_objects([f.path for f in listing], allow_patterns=ALLOW))
    tree = {f.path: f for f in listing if f.path in wanted}
    if "model.bin" not in tree:
        raise PullError(f"{repo}@{commit[:12]} has no model.bin: not a faster-whisper conversion")
    log(f"pulling {size} from {repo}@{commit[:12]} ({sum(f.size for f in tree.values()) / 1e6:.0f} MB)")
    work = os.path.join(root, f".pull-{size}-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        snapshot_download(repo, revision=commit, local_dir=work, allow_patterns=sorted(tree))
        shutil.rmtree(os.path.join(work, ".cache"), ignore_errors=True)  # the client's own bookkeeping
        total = verify_files(work, tree)
        verify_model(work, size)
        marker = {"repo": repo, "revision": commit, "pulled_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "files": {name: (e.lfs.sha256 if e.lfs is not None else e.blob_id) for name, e in tree.items()}}
        with open(os.path.join(work, models.MARKER), "w") as f:
            json.dump(marker, f, indent=2)
        old = None
        if os.path.exists(final):
            old = os.path.join(root, f".old-{size}-{os.getpid()}")
            os.rename(final, old)
        os.rename(work, final)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"size": size, "path": final, "repo": repo, "revision": commit, "bytes": total}


def main(argv):
    p = argparse.ArgumentParser(prog="models.py pull")
    p.add_argument("size")
    p.add_argument("--dir", default=models.models_dir())
    p.add_argument("--revision", default=None)
    p.add_argument("--force", action="store_true")
    a = p.parse_args(argv)
    if not a.dir:
        print("VC_WHISPER_MODELS_DIR is not set: nowhere to put the model", file=sys.stderr)
        return 2
    try:
        out = pull(a.size, a.dir, revision=a.revision, force=a.force, log=lambda m: print(m, file=sys.stderr))
    except PullError as e:
        print(f"pull failed: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # the hub client's errors name the URL and the status; keep one line
        from huggingface_hub import constants

        why = str(e).splitlines()[0] if str(e) else ""
        print(f"pull failed: {type(e).__name__}: {why} (hub: {constants.ENDPOINT}; set HF_ENDPOINT for a mirror, HF_TOKEN for gated repositories)", file=sys.stderr)
        return 1
    print(json.dumps(out))
    return 0
