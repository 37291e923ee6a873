"""Parsing worker processes for an ingest run: while the main process stores (SQLite, one
transaction per document) and indexes one file, workers parse (read, clean, segment, annotate) the
next ones. Only parsing moves: the unchanged-file check, every store write and the search-index hook
stay in the main process, in file order.

Used only when it is safe and worth it: ``fork`` is available, the process runs no other thread
(forking a threaded process — the Streamlit app — can deadlock), the process may run on 2+ CPUs
(``os.sched_getaffinity``: ``taskset`` or a container's cpuset count, not the machine's) and the run
has at least ``MIN_FILES`` files to parse. ``WGKB_INGEST_WORKERS`` sets the number of workers (0:
parse in the main process). A worker ignores Ctrl-C (the main process stops the run) and dies with
the main process (Linux ``PR_SET_PDEATHSIG``), so a killed ingest leaves no orphans.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import IngestError
from ingest.records import Document

#: Workers when ``WGKB_INGEST_WORKERS`` is not set (on a machine with 2+ CPUs).
DEFAULT_WORKERS = 2
#: Fewer files to parse than this: parse in the main process. The main process loads jieba and spaCy
#: before forking the workers (:func:`preload`, ~1.5 s): the 5-file corpus ingested cold took 2.9 s
#: with two workers against 2.2 s in one process; 250 files 18.9 s against 28.5 s
#: (bench/ingest_speed.py, when each worker still loaded its own).
MIN_FILES = 8
#: Files submitted ahead per worker: enough to keep the workers parsing while the main process
#: updates the search index for a batch of documents (``KnowledgeBase.HOOK_BATCH`` = 32), few
#: enough to bound the parsed documents waiting in memory (~0.1–0.3 MB each).
AHEAD_PER_WORKER = 16
#: Linux prctl option: a signal delivered to this process when its parent dies.
PR_SET_PDEATHSIG = 1


def worker_count() -> int:
    """Workers to use: ``$WGKB_INGEST_WORKERS`` if set (bad values count as 0), else
    ``DEFAULT_WORKERS`` when this process may run on 2+ CPUs, else 0. With one CPU the workers
    only add CPU (each parsed document pickled to the main process) and no parallelism."""
    raw = os.environ.get("WGKB_INGEST_WORKERS")
    if raw is not None:
        try:
            return max(0, int(raw))
        except ValueError:
            return 0
    return DEFAULT_WORKERS if usable_cpus() >= 2 else 0


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class ParsePool:
    """Worker processes parsing files: ``submit`` a file, ``result`` gives its document. The models
    are loaded (:func:`preload`) and the workers started at the first file submitted: a run whose
    files are all unchanged loads nothing (a warm re-ingest of 500 files: ~0.5 s instead of ~1.7)."""

    def __init__(self, workers: int) -> None:
        self.ahead = AHEAD_PER_WORKER * workers
        self._workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def submit(self, path: Path, entry: dict | None, shown: str) -> Future:
        if self._executor is None:
            preload()
            self._executor = ProcessPoolExecutor(max_workers=self._workers,
                                                 mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_init_worker, initargs=(os.getpid(),))
        return self._executor.submit(_parse_in_worker, path, entry, shown)

    @property
    def started(self) -> bool:
        """Whether any file was submitted (the models loaded, the workers forked)."""
        return self._executor is not None

    @staticmethod
    def result(future: Future, fallback: Callable[[], Document]) -> Document:
        """The parsed document; ``IngestError`` for a bad file; ``fallback()`` (parsing here) when the
        worker itself failed (killed, result not transferable)."""
        try:
            status, path, value = future.result()
        except Exception:  # noqa: BLE001 - a broken worker: parse in this process instead
            return fallback()
        if status == "error":
            raise IngestError(path, value)
        return value

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def parse_pool(files: int) -> Iterator[ParsePool | None]:
    """A :class:`ParsePool` for a run with ``files`` files to parse, or None when parsing should stay
    in this process (see the module docstring); closed on exit."""
    workers = worker_count()
    usable = (workers > 0 and files >= MIN_FILES and threading.active_count() == 1
              and "fork" in multiprocessing.get_all_start_methods())
    pool = ParsePool(workers) if usable else None
    try:
        yield pool
    finally:
        if pool is not None:
            pool.close()


def preload() -> None:
    """Load jieba's dictionaries (with the user words) and the spaCy pipeline here, before the
    workers are forked: they inherit them instead of each loading its own (~2.5 s of CPU each),
    and this process needs the tokenizer anyway (the search index segments section titles)."""
    from ingest.entities import pipeline
    from ingest.tokens import tokenizer

    tokenizer()
    pipeline()


def _init_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the executor's own broken-pipe handling remains
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _parse_in_worker(path: Path, entry: dict | None, shown: str) -> tuple[str, str, object]:
    """``("ok", path, document)`` or ``("error", path, reason)`` — plain values, never an exception
    object, so every outcome crosses the process boundary."""
    from wgkb.ingest_run import parse_file, unreadable

    try:
        return "ok", str(path), parse_file(path, entry, shown)
    except IngestError as exc:
        return "error", exc.path, exc.reason
    except OSError as exc:
        return "error", str(path), unreadable(exc)
