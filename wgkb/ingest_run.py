"""One ingest run: find the files under the paths given, skip the unchanged ones without parsing them,
parse and store the others one transaction each, and collect a result per file.

Used by ``KnowledgeBase.ingest``; the store is the only thing written. With many files to parse,
worker processes parse ahead (``wgkb.ingest_pool``); checks and store writes stay here, in order.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from dataclasses import replace as copy_with
from pathlib import Path

from index.store import Store
from ingest.errors import CollisionError, IngestError
from ingest.records import Document
from wgkb.ingest_report import FileResult

#: Data files a corpus folder keeps beside its documents: the manifest (DESIGN.md, Ingestion 4), the
#: alias, glossary, meetings and variants tables, and ``terms.txt`` (the jieba word list of ingest/tokens.py: a .txt that is
#: not a document). Skipped when walking a folder; a file named explicitly is still ingested.
CORPUS_DATA_FILES = frozenset({"manifest.toml", "aliases.toml", "glossary.toml", "meetings.toml", "variants.toml",
                               "terms.txt"})

#: ``progress(done, total, result)`` is called after each file.
Progress = Callable[[int, int, FileResult], None]


def supported_extensions() -> tuple[str, ...]:
    """The file extensions the ingest readers accept (lower case, with the dot)."""
    from ingest.read import SUPPORTED_EXTENSIONS, doc_converter

    return tuple(e for e in SUPPORTED_EXTENSIONS if e != ".doc" or doc_converter())


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when below it, else absolute (how a user typed it)."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


#: ``(path, label, reason)`` of a file a folder walk left out on purpose (reported as one summary line
#: grouped by label: the extension, or the kind of entry).
Skipped = list[tuple[Path, str, str]]


def discover(paths: Iterable[str | os.PathLike[str]], skipped: Skipped | None = None
             ) -> Iterator[tuple[Path, str | None]]:
    """Every file to ingest under ``paths`` as ``(path, None)``, or ``(path, reason)`` for a path that
    cannot be ingested. Directories are walked (sorted, streamed; each real directory once, so a
    symbolic link back to a parent is no loop; hidden entries and corpus data files left out); files a
    walk leaves out for a reason (unsupported type, special file, a folder already walked) go to
    ``skipped``. A file named explicitly with an unsupported extension is an error."""
    extensions = supported_extensions()
    visited: set[tuple[int, int]] = set()
    skipped = skipped if skipped is not None else []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            count = len(skipped)
            found = False
            for item in _walk(path, extensions, visited, skipped):
                found = True
                yield item
            if not found and len(skipped) == count:
                yield path, f"no files to ingest in this folder (supported: {', '.join(extensions)})"
            elif not found:
                yield path, (f"no files to ingest in this folder ({len(skipped) - count} skipped; "
                             f"supported: {', '.join(extensions)})")
        elif not path.exists():
            reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield path, reason
        elif not path.is_file():
            yield path, "not a regular file"
        elif path.suffix.lower() not in extensions:
            yield path, unsupported_reason(path.suffix, extensions)
        else:
            yield path, None


def unsupported_reason(suffix: str, extensions: tuple[str, ...]) -> str:
    """Why a file of this extension is not read (``.doc`` without a converter says which to install)."""
    if suffix.lower() == ".doc":
        from ingest.read import DOC_CONVERTER_MISSING

        return DOC_CONVERTER_MISSING
    return f"unsupported file type {suffix or '(no extension)'!r} (supported: {', '.join(extensions)})"


def unique_files(found: Iterable[tuple[Path, str | None]]) -> Iterator[tuple[Path, str | None]]:
    """``found`` without repeats of the same file named twice (``corpus/`` and ``corpus/x.txt``)."""
    seen: set[str] = set()
    for path, reason in found:
        key = str(path.absolute()) if reason else str(path.resolve())
        if key not in seen:
            seen.add(key)
            yield path, reason


def _walk(top: Path, extensions: tuple[str, ...], visited: set[tuple[int, int]], skipped: Skipped
          ) -> Iterator[tuple[Path, str | None]]:
    """Depth-first, sorted, without recursion; a directory is entered once per real directory
    (device, inode), whatever links lead to it."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            status = folder.stat()
        except OSError as exc:
            yield folder, f"cannot read directory: {exc.strerror or exc}"
            continue
        if (status.st_dev, status.st_ino) in visited:
            skipped.append((folder, "linked folder", "already walked"))
            continue
        visited.add((status.st_dev, status.st_ino))
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield folder, f"cannot list directory: {exc.strerror or exc}"
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name in CORPUS_DATA_FILES:
                continue
            item = _entry(Path(entry.path), entry, extensions, skipped)
            if item == "dir":
                subfolders.append(Path(entry.path))
            elif item is not None:
                yield item
        stack.extend(reversed(subfolders))


def _entry(path: Path, entry: os.DirEntry, extensions: tuple[str, ...], skipped: Skipped
           ) -> tuple[Path, str | None] | str | None:
    """What one directory entry is: ``"dir"``, a file to ingest, an error, or None (skipped)."""
    try:
        is_dir = entry.is_dir()
        is_file = entry.is_file()
    except OSError:
        is_dir = is_file = False
    if is_dir:
        return "dir"
    if entry.is_symlink() and not path.exists():
        return path, "broken symbolic link"
    suffix = path.suffix.lower()
    if not is_file:
        skipped.append((path, "special file", "not a regular file"))
    elif suffix == ".doc" and suffix not in extensions:
        skipped.append((path, suffix, unsupported_reason(suffix, extensions)))
    elif suffix not in extensions:
        skipped.append((path, suffix or "(no extension)", "unsupported"))
    else:
        return path, None
    return None


@dataclass(frozen=True)
class _Job:
    """A file to parse and store: what the unchanged-file check found out about it."""

    path: Path
    shown: str
    key: str
    fingerprint: str
    entry: dict | None
    started: float


@dataclass
class IngestRun:
    """The state of one run: the store, the manifests read so far, the documents written."""

    store: Store
    force: bool = False
    replace: bool = False
    manifests: dict[Path, dict[str, dict]] = field(default_factory=dict)
    manifest_errors: list[FileResult] = field(default_factory=list)

    def ingest_all(self, found: list[tuple[Path, str | None]]) -> Iterator[tuple[FileResult, Document | None, list[str]]]:
        """:meth:`ingest_one` for every file of ``found`` in order (an error result for those with a
        reason). When there are several files to parse, worker processes parse the next files while
        this process stores the current one (see :mod:`wgkb.ingest_pool`); storing stays here, one
        transaction per document, in order."""
        from wgkb.ingest_pool import parse_pool

        with parse_pool(sum(1 for _, reason in found if not reason)) as pool:
            if pool is None:
                for path, reason in found:
                    yield self._refused(path, reason) if reason else self.ingest_one(path)
                return
            yield from self._pipelined(found, pool)

    def _pipelined(self, found, pool) -> Iterator[tuple[FileResult, Document | None, list[str]]]:
        pending: deque = deque()
        items = iter(found)

        def fill() -> None:
            while len(pending) < pool.ahead:
                item = next(items, None)
                if item is None:
                    return
                path, reason = item
                plan = reason if reason else self._plan(path)
                future = pool.submit(plan.path, plan.entry, plan.shown) if isinstance(plan, _Job) else None
                pending.append((path, plan, future))

        fill()
        while pending:
            path, plan, future = pending.popleft()
            fill()
            if isinstance(plan, str):
                yield self._refused(path, plan)
            elif isinstance(plan, FileResult):
                yield plan, None, []
            else:
                here = functools.partial(parse_file, plan.path, plan.entry, plan.shown)
                yield self._store(plan, functools.partial(pool.result, future, here))

    def ingest_one(self, path: Path) -> tuple[FileResult, Document | None, list[str]]:
        """Ingest one file: ``(result, stored document or None, ids removed)``. Never raises for bad
        input: an ``IngestError`` or an unreadable file becomes an ``error`` result."""
        plan = self._plan(path)
        if isinstance(plan, FileResult):
            return plan, None, []
        return self._store(plan, functools.partial(parse_file, plan.path, plan.entry, plan.shown))

    def _plan(self, path: Path) -> _Job | FileResult:
        """The job of parsing ``path``, or its result when it need not be parsed (unchanged: same
        sha256 and manifest entry as stored) or cannot be read."""
        started = time.perf_counter()
        shown = display_path(path)
        key = str(path.resolve())
        try:
            from ingest.read import file_sha256

            sha = file_sha256(path)
            entry = self._manifest_entry(path)
            fingerprint = _fingerprint(entry)
            state = self.store.source_state(key)
            if (not self.force and state and state[0] == sha and state[1] == fingerprint
                    and self.store.has_document(state[2])):
                counts = self.store.counts(state[2])
                return self._result(shown, "unchanged", state[2], counts, started)
        except IngestError as exc:
            return FileResult(shown, "error", reason=exc.reason, seconds=time.perf_counter() - started)
        except OSError as exc:
            return FileResult(shown, "error", reason=unreadable(exc), seconds=time.perf_counter() - started)
        return _Job(path, shown, key, fingerprint, entry, started)

    def _store(self, job: _Job, parse: Callable[[], Document]) -> tuple[FileResult, Document | None, list[str]]:
        """Parse (``parse()``) and store one file in one transaction."""
        try:
            document = parse()
            document, removed = self._put(document, job)
        except CollisionError as exc:
            return FileResult(job.shown, "error", reason=collision_reason(exc, job.shown),
                              seconds=time.perf_counter() - job.started), None, []
        except IngestError as exc:
            return FileResult(job.shown, "error", reason=exc.reason,
                              seconds=time.perf_counter() - job.started), None, []
        except OSError as exc:
            return FileResult(job.shown, "error", reason=unreadable(exc),
                              seconds=time.perf_counter() - job.started), None, []
        counts = _counts(document)
        return self._result(job.shown, "ok", document.id, counts, job.started), document, removed

    def _put(self, document: Document, job: _Job) -> tuple[Document, list[str]]:
        """Store ``document``; unless replacing on purpose, an id already stored from another file is
        refused (CollisionError), except for a version in another language: stored beside it under
        ``<id>@<language>``."""
        try:
            return document, self.store.put_document(document, source_key=job.key, fingerprint=job.fingerprint,
                                                     replace=self.replace)
        except CollisionError as exc:
            if not exc.other_language or exc.other_language == document.language:
                raise
        document = copy_with(document, id=f"{document.id}@{document.language}")
        return document, self.store.put_document(document, source_key=job.key, fingerprint=job.fingerprint,
                                                 replace=self.replace)

    @staticmethod
    def _refused(path: Path, reason: str) -> tuple[FileResult, None, list[str]]:
        return FileResult(display_path(path), "error", reason=reason), None, []

    def _manifest_entry(self, path: Path) -> dict | None:
        folder = path.resolve().parent
        if folder not in self.manifests:
            self.manifests[folder] = self._load_manifest(folder)
        return self.manifests[folder].get(path.name)

    def _load_manifest(self, folder: Path) -> dict[str, dict]:
        from ingest.pipeline import load_manifest

        try:
            return load_manifest(folder) or {}
        except IngestError as exc:
            self.manifest_errors.append(FileResult(display_path(Path(exc.path)), "error", reason=exc.reason))
            return {}

    @staticmethod
    def _result(shown: str, status: str, doc_id: str, counts: dict[str, int], started: float) -> FileResult:
        return FileResult(shown, status, doc_id, paragraphs=counts["paragraphs"], footnotes=counts["footnotes"],
                          characters=counts["characters"], seconds=time.perf_counter() - started)


def parse_file(path: Path, entry: dict | None, shown: str) -> Document:
    """Parse one file (``ingest.pipeline.ingest_file``); a bug in a pipeline stage becomes this file's
    ``IngestError`` (the run goes on). Runs in this process or in a parsing worker."""
    from ingest.pipeline import ingest_file

    try:
        document = ingest_file(path, entry)
    except (IngestError, OSError):
        raise
    except Exception as exc:  # noqa: BLE001 - batch error policy: report the file, go on
        detail = " ".join(str(exc).split())
        raise IngestError(path, f"internal error while parsing ({type(exc).__name__}: {detail})") from exc
    return copy_with(document, source=shown) if document.source != shown else document


def indexed_part(document: Document) -> Document:
    """What the search index reads of a stored ``document``: the record without its full text and
    without the paragraphs' entities (the index reads neither: ``tests/test_ingest_memory.py``).
    Memory (issue 14): the facade keeps only this while the index follows the store, so a 10 MB
    text's 7 MB string and its ~45,000 entities are not held while the index is built."""
    paragraphs = tuple(copy_with(p, entities=()) if p.entities else p for p in document.paragraphs)
    return copy_with(document, text="", paragraphs=paragraphs)


def collision_reason(exc: CollisionError, shown: str) -> str:
    """The one-line reason of a refused collision: both files and the way out."""
    other = display_path(Path(exc.other_source))
    return (f"{exc.document_id} is already stored from {other}; kept it, this file was not stored "
            f"(to store this file instead: wgkb ingest --replace {shown})")


def unreadable(exc: OSError) -> str:
    return f"cannot read: {exc.strerror or exc}"


def _counts(document: Document) -> dict[str, int]:
    return {"paragraphs": len(document.paragraphs),
            "footnotes": sum(1 for p in document.paragraphs if p.kind == "footnote"),
            "characters": len(document.text)}


def _fingerprint(entry: dict | None) -> str:
    """What besides the file's bytes decides the parse: its manifest entry and the pipeline version
    (``ingest.pipeline.PIPELINE_VERSION``). A change in either re-parses the file."""
    from ingest import pipeline

    blob = json.dumps({"manifest": entry, "pipeline": pipeline.PIPELINE_VERSION}, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
