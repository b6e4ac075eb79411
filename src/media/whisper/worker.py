"""A long-lived faster-whisper worker: JSON lines in on stdin, JSON lines out on stdout.

Why a worker: importing faster_whisper and loading a model costs ~0.5-1 s per model, more than
a short clip takes to transcribe, so models are loaded once (lazily, per size) and kept.
One request at a time; Node cancels by killing the whole process group and starting anew.
A thread watches stdin so the worker exits as soon as its parent goes away, even mid-request.

Requests:  {"op": "transcribe", "id", "audio", "model_size", "language", "task",
            "word_timestamps", "vad_filter", "beam_size"}
Replies:   {"type": "ready", "device", "compute_type"} once at start, then per request
           {"type": "info", ...}, {"type": "progress", "position", "duration"}..., and
           {"type": "result", ...} or {"type": "error", "code", "detail"}.
"""
import json
import os
import queue
import sys
import threading
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
sys.dont_write_bytecode = True  # no __pycache__ in the source tree for our one local import
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402

OUT = sys.stdout
_lock = threading.Lock()


def emit(msg):
    line = json.dumps(msg, ensure_ascii=False)
    with _lock:
        OUT.write(line + "\n")
        OUT.flush()


class Engine:
    def __init__(self, device, compute_type, cpu_threads):
        self.device = device
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads
        self.cache = {}

    def model(self, size):
        m = self.cache.get(size)
        if m is None:
            from faster_whisper import WhisperModel

            path = models.ensure(size)
            m = WhisperModel(path, device=self.device, compute_type=self.compute_type, cpu_threads=self.cpu_threads, local_files_only=True)
            self.cache[size] = m
        return m

    def transcribe(self, req):
        rid = req["id"]
        size = req["model_size"]
        try:
            model = self.model(size)
        except LookupError as e:
            return emit({"type": "error", "id": rid, "code": "model_missing", "detail": str(e)})
        started = time.perf_counter()
        multilingual = models.multilingual(size)
        language = req.get("language") or None
        if not multilingual:
            language = "en"
        segments, info = model.transcribe(
            req["audio"],
            language=language,
            task=req.get("task", "transcribe"),
            beam_size=int(req.get("beam_size", 1)),
            word_timestamps=bool(req.get("word_timestamps", True)),
            vad_filter=bool(req.get("vad_filter", True)),
            condition_on_previous_text=False,
        )
        duration = float(info.duration)
        emit({"type": "info", "id": rid, "language": info.language, "language_probability": float(info.language_probability), "duration": duration})
        out = []
        for s in segments:  # a generator: decoding happens as we iterate
            words = [
                {"start": round(w.start, 3), "end": round(w.end, 3), "word": w.word, "probability": round(w.probability, 4)}
                for w in (s.words or [])
            ]
            out.append({"id": len(out), "start": round(s.start, 3), "end": round(s.end, 3), "text": s.text.strip(), "words": words})
            emit({"type": "progress", "id": rid, "position": float(s.end), "duration": duration})
        emit({
            "type": "result",
            "id": rid,
            "language": info.language,
            "language_probability": 1.0 if not multilingual else float(info.language_probability),
            "duration": duration,
            "segments": out,
            "elapsed": time.perf_counter() - started,
        })


def watch_stdin(q):
    for line in sys.stdin:
        line = line.strip()
        if line:
            q.put(line)
    os._exit(0)  # parent closed our stdin: it is gone, so are we


def main():
    # Node chose both (device.ts) from what CTranslate2 reported and the operator's settings.
    device = os.environ.get("VC_WHISPER_DEVICE", "cpu")
    compute_type = os.environ.get("VC_WHISPER_COMPUTE_TYPE", "int8")
    threads = int(os.environ.get("VC_WHISPER_CPU_THREADS", "0") or 0)
    engine = Engine(device, compute_type, threads)
    q = queue.Queue()
    threading.Thread(target=watch_stdin, args=(q,), daemon=True).start()
    emit({"type": "ready", "device": device, "compute_type": compute_type, "pid": os.getpid()})
    while True:
        line = q.get()
        try:
            req = json.loads(line)
        except ValueError:
            emit({"type": "error", "id": None, "code": "bad_request", "detail": "not JSON"})
            continue
        try:
            if req.get("op") == "transcribe":
                engine.transcribe(req)
            elif req.get("op") == "warm":
                engine.model(req["model_size"])
                emit({"type": "result", "id": req.get("id")})
            else:
                emit({"type": "error", "id": req.get("id"), "code": "bad_request", "detail": f"unknown op {req.get('op')}"})
        except Exception as e:  # a broken file or model: report it, keep serving
            emit({"type": "error", "id": req.get("id"), "code": "engine_error", "detail": f"{type(e).__name__}: {e}"[:1000]})


if __name__ == "__main__":
    main()
