"""Work every yt-dlp run repeats with the same inputs, done once in the fork server (forkserver.py).

Imported by forkserver.py before its warm-up, never by the CLI.
"""

import os
import sys

import yt_dlp

SERVER_PID = os.getpid()


def share_setup_work():
    """Results every run would recompute from the same inputs, computed once here and inherited.

    Each run builds a YoutubeDL, whose constructor picks its extractors with
    orderedSet_from_options over ~1,900 names (quadratic: 60-110 ms per run on a busy 2-CPU
    box, most of a direct file's extraction), and whose HTTP handler loads certifi's CA bundle
    into a new SSLContext (~15 ms). Both are memoized by their full inputs, and the warm-up
    (or the prefill below) fills the memo before any fork, so children find them done. A child
    only ever adds to its own copy. An SSLContext is made to be shared by connections; each
    child shares the server's one with nobody else. Staleness: a CA bundle replaced while the
    server runs (a pip upgrade of certifi) is read when the service restarts, as an upgraded
    yt-dlp is (docs/operations.md, "Upgrading").
    Nothing here is required: should yt-dlp rename what is patched, runs work as before, slower.
    """
    ydl_module = sys.modules.get('yt_dlp.YoutubeDL')
    original_pick = getattr(ydl_module, 'orderedSet_from_options', None)
    if original_pick is not None:
        picks = {}

        def pick(options, alias_dict, *, use_regex=False, start=None):
            try:
                key = (tuple(options), use_regex, tuple(start or ()),
                       tuple((k, tuple(v)) for k, v in alias_dict.items()))
                hash(key)
            except TypeError:  # not plain strings: nothing to share
                return original_pick(options, alias_dict, use_regex=use_regex, start=start)
            if key not in picks:
                if len(picks) >= 32:
                    picks.clear()
                picks[key] = original_pick(options, alias_dict, use_regex=use_regex, start=start)
            return list(picks[key])

        ydl_module.orderedSet_from_options = pick

    networking = sys.modules.get('yt_dlp.networking.common')
    original_ssl = getattr(networking, 'make_ssl_context', None)
    if original_ssl is not None:
        contexts = {}

        def ssl_context(*args, **kwargs):
            # SSLKEYLOGFILE is read when a context is made; a run's environment may differ.
            key = (args, tuple(sorted(kwargs.items())), os.environ.get('SSLKEYLOGFILE'))
            try:
                hash(key)
            except TypeError:
                return original_ssl(*args, **kwargs)
            if key not in contexts:
                contexts[key] = original_ssl(*args, **kwargs)
            return contexts[key]

        networking.make_ssl_context = ssl_context
        # What RequestHandler._make_sslcontext asks for by default (verify, certifi).
        ssl_context(verify=True, legacy_support=False, use_certifi=True)

    # Every run's option parsing re-executes the plugin modules of its plugin folders (~5-15 ms),
    # which the warm-up has already executed here with the same folders (plugin_args): a run
    # whose folders are the warm-up's keeps the server's classes, as the docs promise
    # (plugins load once; restart after changing one). Other folders load as before.
    original_load = getattr(yt_dlp, '_load_all_plugins', None)
    if original_load is not None:
        from yt_dlp.globals import plugin_dirs
        loaded = set()

        def load_all_plugins():
            key = (tuple(plugin_dirs.value or ()), os.environ.get('YTDLP_NO_PLUGINS'))
            if key in loaded:
                return
            original_load()
            if os.getpid() == SERVER_PID:  # what a child loads stays its own
                loaded.add(key)

        yt_dlp._load_all_plugins = load_all_plugins
