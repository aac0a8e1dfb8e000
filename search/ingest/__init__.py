"""Ingest: files, folders and JSON Lines read into raw documents (loaders), cleaned and
given entities in batches (pipeline), with the extraction cache (cache)."""

from __future__ import annotations

import os

COMMIT_EVERY = 20_000  # articles: an index run commits (Whoosh and every store) after this many
COMMIT_SECONDS = 300.0  # or after this long, so a kill loses at most this much work


def usable_cores() -> int:
    """The processes an index run uses by default: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
