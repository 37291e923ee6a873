"""Full-text search over paragraphs: the search index of a knowledge-base home.

The index is derived from the store (``index.store.Store``) and lives in ``<home>/index/`` with a
marker (``wgkb-index.json``: engine, its schema version and the store generation it reflects).
Missing, corrupt, of another engine or schema or older than the store, it is rebuilt by itself (with
a message); a write to the store updates it incrementally (``SearchIndex.update``). Writers take ``<home>/index.lock``; readers
never lock: an engine commit is atomic, so a search sees a document before or after a write, never
half of it.

The engines keep no paragraph text: a search reads the texts of its ranking candidates (and
``similar`` those of its hits) from the store in one query (``Store.paragraph_texts``), by each
hit's document, ``seq`` and key. While the index is behind the store (an ingest running, its index
update to follow), a hit whose paragraph the store no longer holds under that key (gone, or another
paragraph now at its place) is left out of the page, never shown with another paragraph's text; a
paragraph still stored under its key shows its stored text. Totals and facets are the index's until
it follows.

Public face: :class:`SearchIndex` (``search``, ``similar``, ``update``, ``rebuild``), :class:`Hit`,
:class:`SearchResults`, :func:`parse_years`.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index import engine, ranking
from index.list_items import pinpoint
from index.query import parse
from index.snippets import snippet
from index.store import Store
from ingest.errors import WgkbError
from ingest.records import Document

#: Folder of the index inside the home, and its marker file.
INDEX_DIR, MARKER = "index", "wgkb-index.json"
#: Flag file (in the home, outside the index folder) left when an update failed: the next search
#: rebuilds the index whatever its marker says.
FAILED_FLAG = "index.failed"
#: Lock file serialising index writers (ingest hooks, rebuilds) across threads and processes.
LOCK_FILE = "index.lock"
#: How long a search waits for a running writer before rebuilding a stale index itself (seconds).
WRITER_WAIT = 5.0
#: Lock file every ingest run holds (shared) from start to end: a search that finds the index merely
#: behind the store while an ingest holds it searches the index as it is (the run's hook follows);
#: with no ingest running it catches up at once. The kernel drops the lock of a killed process, so
#: after a kill -9 or Ctrl-C the next search brings the index up to date. (File times are never used:
#: a reader's own connection touches the store's -wal file.)
INGEST_LOCK = "ingest.lock"
#: Leftovers of a rebuild killed mid-way (``index.new-<pid>-<thread>``, ``index.old-…``).
LEFTOVER_GLOBS = (f"{INDEX_DIR}.new-*", f"{INDEX_DIR}.old-*")
#: Attempts of a search when a concurrent commit removes files under it.
READ_RETRIES = 3
#: ``--year`` forms: ``2016`` or ``2014..2018`` (also ``2014-2018``).
YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:(?:\.\.|-|–)\s*(\d{4}))?\s*$")
#: Open ranges: ``2014..`` (from 2014 on) and ``..2016`` (up to 2016), bounded by these years.
OPEN_YEAR_RANGE = re.compile(r"^\s*(?:(\d{4})\s*\.\.|\.\.\s*(\d{4}))\s*$")
FIRST_YEAR, LAST_YEAR = 1945, 2100


@dataclass(frozen=True)
class Hit:
    """One matching paragraph. ``snippet`` marks matches with 【】; ``text`` is the whole paragraph;
    ``section`` the titles of the headings it stands under (``二. … > A. …``)."""

    paragraph_id: str
    document_id: str
    key: str
    label: str
    score: float
    snippet: str
    text: str
    roles: tuple[str, ...] = ()
    kind: str = ""
    doc_type: str | None = None
    year: int | None = None
    body: str | None = None
    addressee: str | None = None
    page: int | None = None
    section: str = ""
    #: The list item holding every match (``(c)``, ``(b)(ii)``; index/list_items.py), also added to
    #: ``label``: "CTOC/COP/WG.6/2014/2, para. 11 (c)".
    pinpoint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["roles"] = list(self.roles)
        data["score"] = round(self.score, 4)
        return data


@dataclass
class SearchResults:
    """A page of hits, the total number of matching paragraphs, and facet counts over ALL of them
    (``facets["year"]["2014"]`` = matching paragraphs from 2014)."""

    query: str
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    offset: int = 0
    limit: int = 10
    fallback: bool = False
    #: Query words nothing in the vocabulary or the index understood (English words outside the
    #: glossary that match no paragraph), named so they are never dropped silently.
    not_understood: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "offset": self.offset, "limit": self.limit,
                "fallback": self.fallback, "not_understood": list(self.not_understood), "facets": self.facets,
                "hits": [h.to_dict() for h in self.hits]}


def parse_years(value: str | int | None) -> int | tuple[int, int] | None:
    """``"2016"`` -> 2016, ``"2014..2018"`` -> (2014, 2018), ``"2014.."`` -> (2014, LAST_YEAR),
    ``"..2016"`` -> (FIRST_YEAR, 2016); ValueError naming the forms otherwise."""
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, tuple | list) and len(value) == 2:
        return (min(map(int, value)), max(map(int, value)))
    opened = OPEN_YEAR_RANGE.match(str(value))
    if opened:
        return (int(opened.group(1)), LAST_YEAR) if opened.group(1) else (FIRST_YEAR, int(opened.group(2)))
    match = YEAR_RANGE.match(str(value))
    if not match:
        raise ValueError(f"year {value!r}: give a year (2016) or a range (2014..2018, 2014.., ..2016)")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return (min(first, last), max(first, last)) if match.group(2) else first


class SearchIndex:
    """The search index of one home directory, kept in step with its store."""

    def __init__(self, home: str | Path, store: Store, notify: Callable[[str], None] | None = None,
                 engine_name: str | None = None):
        self.home = Path(home)
        self._fixed_engine = engine_name is not None
        self.engine: engine.Engine = engine.get(engine_name or store.setting("engine"))
        self.store = store
        self.path = self.home / INDEX_DIR
        self.notify = notify or (lambda message: None)
        self._lock = threading.RLock()
        self._searcher: engine.EngineSearcher | None = None
        self._opened_marker: dict | None = None

    # ---- freshness ------------------------------------------------------------------------
    def marker(self) -> dict | None:
        """The marker of the index on disk (None when missing or unreadable)."""
        try:
            return json.loads((self.path / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def stale_reason(self) -> str | None:
        """Why the index must be rebuilt (missing, other schema, older than the store), or None."""
        failed = self._failed_reason()
        if failed is not None:
            return f"not updated after an error ({failed})"
        marker = self.marker()
        if marker is None:
            return "missing" if not self.path.exists() else "unreadable (no marker)"
        if not self._same_engine(marker):
            return (f"built by another engine or version ({marker.get('engine', 'whoosh')} schema "
                    f"{marker.get('schema')}; this home uses {self.engine.name} schema {self.engine.version})")
        if marker.get("store") != self.store.identity:
            return "built from another store"
        if marker.get("generation") != self.store.generation:
            return (f"older than the store (generation {marker.get('generation')} < "
                    f"{self.store.generation})")
        return None

    def _follow_engine(self) -> None:
        """Switch to the engine the home records (``wgkb reindex --engine`` in another process)."""
        if self._fixed_engine:
            return
        name = self.store.setting("engine") or engine.DEFAULT_ENGINE
        if name != self.engine.name:
            self.close()
            self.engine = engine.get(name)

    def ensure_current(self) -> None:
        """Rebuild the index when it is missing, corrupt or stale; a running writer is waited for.

        An index that is readable but merely behind the store while an ingest run is under way
        (INGEST_LOCK held) is searched as it is: the run's hook brings it up to date (rebuilding under
        it would only slow both down)."""
        self._follow_engine()
        reason = self.stale_reason()
        if reason is None or (self._behind_only() and self._failed_reason() is None
                              and ingest_in_progress(self.home)):
            return
        with self._writer_lock(wait=WRITER_WAIT) as locked:
            reason = self.stale_reason()
            if reason is not None and locked:
                self._rebuild_locked(reason)

    def mark_failed(self, reason: str) -> None:
        """Record that an update failed (best effort): the next search rebuilds the index."""
        try:
            (self.home / FAILED_FLAG).write_text(reason + "\n", encoding="utf-8")
        except OSError:
            pass  # the marker's older generation still makes the index stale

    def _failed_reason(self) -> str | None:
        try:
            return (self.home / FAILED_FLAG).read_text(encoding="utf-8").strip() or "unknown"
        except OSError:
            return None

    def _behind_only(self) -> bool:
        marker = self.marker() or {}
        return (self._same_engine(marker) and marker.get("generation") is not None
                and marker.get("store") == self.store.identity
                and marker["generation"] < self.store.generation)

    def _same_engine(self, marker: dict) -> bool:
        """Whether the index of ``marker`` was built by this home's engine at its current version."""
        return (marker.get("engine", "whoosh"), marker.get("schema")) == (self.engine.name, self.engine.version)

    # ---- writes ---------------------------------------------------------------------------
    def rebuild(self, reason: str = "requested") -> int:
        """Rebuild the whole index from the store; returns the number of paragraphs indexed."""
        self._follow_engine()
        with self._writer_lock(wait=None):
            return self._rebuild_locked(reason)

    def update(self, changed: Iterable[Document], removed_ids: Iterable[str]) -> None:
        """Follow a store write: re-index ``changed`` documents, drop ``removed_ids``. Rebuilds instead
        when the index is missing or broken, or when it missed other writes."""
        changed, removed_ids = list(changed), list(removed_ids)
        self._follow_engine()
        with self._writer_lock(wait=None):
            generation = self.store.generation
            marker = self.marker()
            expected = (marker or {}).get("generation", -10**9) + len(changed) + len(removed_ids)
            if marker is None and self._holds_only(changed, removed_ids):
                self._build_first(changed, generation)
                return
            if (marker is None or not self._same_engine(marker) or expected < generation
                    or marker.get("store") != self.store.identity):
                self._rebuild_locked(self.stale_reason() or "missed writes")
                return
            try:
                self._write_changes(changed, removed_ids, generation)
            except Exception as exc:  # noqa: BLE001 - any engine failure: rebuild from the store
                try:  # announced only when it worked: a failure here is the caller's one message
                    self._rebuild_locked(f"update failed ({type(exc).__name__}: {_one_line(exc)})")
                except Exception:  # noqa: BLE001 - report the update's own failure
                    raise exc from None

    def _write_changes(self, changed: list[Document], removed_ids: list[str], generation: int) -> None:
        self.engine.update(self.path, changed, removed_ids)
        self._write_marker(self.path, generation, self._count_documents())

    def _holds_only(self, changed: list[Document], removed_ids: list[str]) -> bool:
        """Whether the store holds exactly the ``changed`` documents (a first ingest into an empty
        home): the index can then be built from them without reading the store back."""
        return not self.path.exists() and set(self.store.document_ids()) == {d.id for d in changed}

    def _build_first(self, changed: list[Document], generation: int) -> None:
        """Create the index for the first time from the documents just stored (one plain message)."""
        self.notify("building the search index…")
        self._build_fresh(changed, generation)

    def _rebuild_locked(self, reason: str) -> int:
        """Rebuild from the store under the writer lock, announced by ONE line written when it is done
        (what was rebuilt and why, how many paragraphs, the seconds); nothing when it fails (the
        caller's error is then the one message)."""
        started = time.perf_counter()
        paragraphs, documents = self._build_fresh(self.store.iter_documents(), self.store.generation)
        self.notify(rebuilt_line(reason, paragraphs, documents, time.perf_counter() - started))
        return paragraphs

    def _build_fresh(self, source: Iterable[Document], generation: int) -> tuple[int, int]:
        """Write a new index of ``source`` beside the old one and swap it in; ``(paragraphs,
        documents)`` indexed."""
        for pattern in LEFTOVER_GLOBS:  # only the writer-lock holder makes these: any found are leftovers
            for leftover in self.home.glob(pattern):
                shutil.rmtree(leftover, ignore_errors=True)
        fresh = self.home / f"{INDEX_DIR}.new-{os.getpid()}-{threading.get_ident()}"
        fresh.mkdir(parents=True)
        try:
            paragraphs, documents = self.engine.build(fresh, source)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        self._write_marker(fresh, generation, documents)
        self._swap_in(fresh)
        return paragraphs, documents

    def _swap_in(self, fresh: Path) -> None:
        old = self.home / f"{INDEX_DIR}.old-{os.getpid()}-{threading.get_ident()}"
        if self.path.exists():
            os.replace(self.path, old)
        os.replace(fresh, self.path)
        shutil.rmtree(old, ignore_errors=True)
        (self.home / FAILED_FLAG).unlink(missing_ok=True)

    def _write_marker(self, folder: Path, generation: int, documents: int) -> None:
        tmp = folder / (MARKER + ".tmp")
        tmp.write_text(json.dumps({"engine": self.engine.name, "schema": self.engine.version,
                                   "generation": generation, "store": self.store.identity,
                                   "documents": documents, "built": time.time()}), encoding="utf-8")
        os.replace(tmp, folder / MARKER)

    def _count_documents(self) -> int:
        return len(self.store.document_ids())

    @contextmanager
    def _writer_lock(self, wait: float | None) -> Iterator[bool]:
        """Hold the writer lock (``wait`` seconds at most; None = as long as needed). Yields whether
        it was acquired."""
        self.home.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.home / LOCK_FILE, "a+") as handle:
            deadline = None if wait is None else time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline else 0))
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        yield False
                        return
                    time.sleep(0.05)
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ---- reads ----------------------------------------------------------------------------
    def _open_searcher(self) -> engine.EngineSearcher:
        self.ensure_current()
        marker = self.marker()
        if self._searcher is None or marker != self._opened_marker:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            try:
                self._searcher = self.engine.open(self.path, self.store.paragraph_texts)
            except Exception as exc:  # noqa: BLE001 - unreadable index files: rebuild, then open
                with self._writer_lock(wait=None):
                    self._rebuild_locked(f"unreadable ({type(exc).__name__})")
                self._searcher = self.engine.open(self.path, self.store.paragraph_texts)
            self._opened_marker = marker
        return self._searcher

    def _read(self, action: Callable[[Any], Any]) -> Any:
        """Run ``action(searcher)``, reopening when a concurrent commit pulled files away; an index
        still unreadable after READ_RETRIES (a corrupt or truncated segment) is rebuilt from the store
        with one notice, and read once more."""
        with self._lock:
            failure: Exception | None = None
            for _ in range(READ_RETRIES):
                try:
                    return action(self._open_searcher())
                except WgkbError:
                    raise
                except Exception as exc:  # noqa: BLE001 - whatever a damaged index file raises
                    failure = exc
                    self._drop_searcher()
                    time.sleep(0.05)
            try:
                with self._writer_lock(wait=None):
                    self._rebuild_locked(f"unreadable ({_one_line(failure)})")
                return action(self._open_searcher())
            except WgkbError:
                raise
            except Exception as exc:  # noqa: BLE001 - one line, never a traceback
                self._drop_searcher()
                raise WgkbError(f"{self.path}: search index unreadable and not rebuilt: {_one_line(exc)} "
                                f"(run `wgkb check`)") from None

    def _drop_searcher(self) -> None:
        try:
            if self._searcher is not None:
                self._searcher.close()
        except Exception:  # noqa: BLE001 - a damaged searcher may fail to close too
            pass
        self._searcher, self._opened_marker = None, None

    def search(self, text: str, *, limit: int = 10, offset: int = 0, **filters: Any) -> SearchResults:
        """Paragraphs matching ``text`` (see ``index.query``), best first, with facet counts over the
        whole result set. Filters: doc_type, year (2016, "2014..2018" or (first, last)), body, role,
        addressee, doc (a document id), kind. An empty query with filters lists what they select."""
        if limit < 0 or offset < 0:
            raise ValueError(f"limit {limit} / offset {offset}: must not be negative")
        filters["year"] = parse_years(filters.get("year"))
        parsed = parse(text)
        filters_ = engine.Filters(**filters)
        every = parsed.tree is None and bool(filters_.terms()) and not (text or "").strip()
        marks = tuple(parsed.highlights)

        def run(searcher: engine.EngineSearcher) -> SearchResults:
            if searcher.count() == 0:  # an empty knowledge base (BM25 has no statistics yet)
                return SearchResults(text, [], 0, {name: {} for name in engine.FACETS}, offset,
                                     limit, parsed.fallback)
            depth = offset + limit + ranking.DEPTH if limit else 0
            page = searcher.search(parsed.tree, filters_, every=every, offset=0, limit=depth)
            candidates = [_candidate(stored, score) for stored, score in self._with_texts(page.hits)]
            ranked = ranking.rank(candidates, limit, parsed.roles, parsed.cites, marks)[offset:offset + limit]
            hits = [_hit(c.item, c.score, marks) for c in ranked]
            return SearchResults(text, hits, page.total, page.facets, offset, limit, parsed.fallback,
                                 _not_understood(searcher, parsed.unknown))

        return self._read(run)

    def similar(self, text: str, *, limit: int = 10, exclude_document: str | None = None) -> list[Hit]:
        """Paragraphs sharing the most distinctive terms of ``text`` (suggested follow-up)."""

        def run(searcher: engine.EngineSearcher) -> list[Hit]:
            if searcher.count() == 0:
                return []
            found, marks = searcher.similar(text, limit, exclude_document)
            return [_hit(stored, score, marks) for stored, score in self._with_texts(found)]

        return self._read(run)

    def _with_texts(self, hits: list[tuple[dict[str, Any], float]]) -> list[tuple[dict[str, Any], float]]:
        """``hits`` (an engine's stored rows, which hold no text) with each paragraph's text from the
        store, read in one query; a hit whose paragraph the store no longer holds under its key (the
        index behind a running ingest) is left out."""
        texts = self.store.paragraph_texts([(row["document"], row["seq"], row["key"]) for row, _ in hits
                                            if row.get("seq") is not None])
        out = []
        for row, score in hits:
            text = texts.get((row["document"], row.get("seq")))
            if text is not None:
                out.append(({**row, "text": text}, score))
        return out

    def close(self) -> None:
        """Release the open searcher."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._opened_marker = None


@contextmanager
def ingest_running(home: str | Path) -> Iterator[None]:
    """Hold INGEST_LOCK (shared: ingests may overlap) for the length of an ingest run; without a
    writable home there is nothing to hold."""
    try:
        handle = open(Path(home) / INGEST_LOCK, "a+")  # noqa: SIM115 - held for the whole block
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ingest_in_progress(home: str | Path) -> bool:
    """Whether an ingest run (in any process) holds INGEST_LOCK now."""
    try:
        handle = open(Path(home) / INGEST_LOCK)  # noqa: SIM115
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def _one_line(exc: BaseException | None) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _not_understood(searcher: engine.EngineSearcher, words: tuple[str, ...]) -> list[str]:
    """The typed words outside the vocabulary that no paragraph holds either."""
    from index.query import Alt, Option

    nothing = engine.Filters()
    return [w for w in words
            if searcher.search(Alt((Option("term", w),), w), nothing, every=False, offset=0, limit=0).total == 0]


def _candidate(stored: dict[str, Any], score: float) -> ranking.Candidate:
    roles = tuple(r for r in (stored.get("roles") or "").split(",") if r)
    return ranking.Candidate(stored, score, stored.get("kind", ""), stored.get("section") or "",
                             stored.get("text", ""), roles)


def _hit(stored: dict[str, Any], score: float, marks: tuple[str, ...]) -> Hit:
    text = stored.get("text", "")
    year = stored.get("year")
    pin = pinpoint(text, marks) if marks else None
    label = stored.get("label", "")
    return Hit(
        paragraph_id=stored["pid"], document_id=stored["document"], key=stored.get("key", ""),
        label=f"{label} {pin}" if pin and label else label, score=float(score or 0.0), snippet=snippet(text, marks),
        text=text, roles=tuple(r for r in (stored.get("roles") or "").split(",") if r),
        kind=stored.get("kind", ""), doc_type=stored.get("doc_type"),
        year=int(year) if year else None, body=stored.get("body"),
        addressee=stored.get("addressee"), page=stored.get("page"), section=stored.get("section") or "",
        pinpoint=pin,
    )


def rebuilt_line(reason: str, paragraphs: int, documents: int, seconds: float) -> str:
    """The one line announcing a finished rebuild, e.g. ``search index rebuilt from the store (older
    than the store): 555 paragraphs of 5 documents in 0.9 s``."""
    return (f"search index rebuilt from the store ({reason}): {paragraphs} paragraphs of {documents} "
            f"documents in {seconds:.1f} s")
