"""The application layer: the one facade the CLI and the Streamlit pages talk to.

Data flows one way: ingest (file -> records) -> index (store, search) -> graphs -> this facade.
Sections of this class are owned by the module they delegate to; keep each method a thin delegation.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from index.overrides import OverriddenStore
from index.search import Hit, SearchIndex, SearchResults, ingest_running, parse_years
from index.store import Store
from index.vocabulary import CORPUS_DIR as CORPUS_DIR  # the bundled corpus, for the CLI, app and benches
from ingest.errors import NotFoundError, StoreError, WgkbError
from ingest.records import ROLES, Document
from wgkb.export import export_document
from wgkb.ingest_report import FileResult, IngestReport
from wgkb.ingest_run import IngestRun, Progress, discover, display_path, indexed_part, unique_files
from wgkb.lookup import candidate_ids, match_document


def _notify(message: str) -> None:
    """Search-index messages (rebuilds) go to stderr, one line each."""
    print(f"wgkb: {message}", file=sys.stderr)


def _check_engine(name: str) -> None:
    from index.engine import ENGINES

    if name not in ENGINES:
        raise WgkbError(f"search engine {name!r}: choose one of {', '.join(ENGINES)}")


class KnowledgeBase:
    """A knowledge base living in one home directory (``WGKB_HOME``, default ``./.wgkb``).

    >>> kb = KnowledgeBase.open("path/to/home")   # creates the home if missing
    >>> report = kb.ingest(["corpus/"])
    >>> kb.search("标识", limit=10)
    """

    # ---- core: open, ingest, documents, export (store: index/store.py) -----------------------
    #: The store's file name inside the home directory.
    STORE_FILE = "wgkb.sqlite"
    #: Stored documents handed to ``_on_documents_changed`` at a time during an ingest run (bounds the
    #: memory an ingest of a large folder holds).
    HOOK_BATCH = 32

    def __init__(self, home: Path, store: Store) -> None:
        self.home = home
        self.store = store
        self._search_index: SearchIndex | None = None
        self._reviews: Any = None
        self._watches: Any = None
        #: The watch-list news of the last ``ingest`` (one per watched item that gained paragraphs).
        self.watch_news: list[Any] = []
        self._graph_cache: tuple[int, Any] | None = None

    @classmethod
    def open(cls, home: str | Path | None = None) -> KnowledgeBase:
        """The knowledge base in ``home`` (default ``$WGKB_HOME`` or ``./.wgkb``), created if missing."""
        path = Path(home if home is not None else os.environ.get("WGKB_HOME", ".wgkb"))
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: home is not a directory")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the home directory: {exc.strerror or exc}") from None
        return cls(path, OverriddenStore(Store(path / cls.STORE_FILE)))

    def close(self) -> None:
        """Close the store (and the search index's open searcher)."""
        if self._search_index is not None:
            self._search_index.close()
        if self._reviews is not None:
            self._reviews.close()
        if self._watches is not None:
            self._watches.close()
        self.store.close()

    def ingest(self, paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None,
               *, force: bool = False, replace: bool = False) -> IngestReport:
        """Ingest files and folders (folders recurse): each new or changed file is parsed and stored in
        one transaction; an unchanged file (same sha256, same manifest entry) is not parsed at all; a
        bad file becomes an ``error`` result with its reason and the others go on.
        ``progress(done, total, result)`` is called after each file; ``force`` re-parses everything.
        A file whose document id is already stored from another file is refused (an ``error`` result
        naming both) unless ``replace``; a version in another language is stored beside it."""
        started = time.perf_counter()
        run = IngestRun(self.store, force=force, replace=replace)
        skipped: list = []
        found = list(unique_files(discover(paths, skipped)))  # the walk streams; this keeps one small tuple a file
        generation = self.store.generation
        with ingest_running(self.home):
            report = self._ingest_found(run, found, progress)
        self.watch_news = self._check_watches() if self.store.generation != generation else []
        return IngestReport(report[0], time.perf_counter() - started, report[1],
                            tuple((display_path(p), label, reason) for p, label, reason in skipped))

    def _ingest_found(self, run: IngestRun, found: list, progress: Progress | None
                      ) -> tuple[tuple[FileResult, ...], tuple[str, ...]]:
        """The body of ``ingest``, run while ``index.search.ingest_running`` holds: a search meanwhile
        lets the index lag; a killed run's lock is gone and the next search catches up."""
        results: list[FileResult] = []
        changed: list[Document] = []
        removed: list[str] = []
        following = True  # False once the index failed to follow: it is rebuilt by the next search
        for done, (result, document, gone) in enumerate(run.ingest_all(found), 1):
            changed.extend([indexed_part(document)] if document else [])
            document = None  # only what the index reads is kept meanwhile (memory, issue 14)
            removed.extend(gone)
            results.append(result)
            if progress:
                progress(done, len(found), result)
            if len(changed) >= self.HOOK_BATCH:
                following = following and self._follow_store(changed, [])
                changed = []
        removed = [doc_id for doc_id in dict.fromkeys(removed) if not self.store.has_document(doc_id)]
        if (changed or removed) and following:
            self._follow_store(changed, removed)
        results.extend(run.manifest_errors)
        return tuple(results), tuple(removed)

    def _follow_store(self, changed: list[Document], removed_ids: list[str]) -> bool:
        """Run the hook for an ingest run; a failure (disk full, no permission in ``<home>/index/``)
        is one notice, the stored documents stay, the index is flagged for a rebuild by the next
        search. Returns whether the hook succeeded."""
        try:
            self._on_documents_changed([self.store.overrides.apply(d) for d in changed], removed_ids)
        except Exception as exc:  # noqa: BLE001 - the store is written; derived data may lag
            reason = " ".join(str(exc).split()) or type(exc).__name__
            _notify(f"search index update failed: {reason}; it will be rebuilt on the next search")
            self.search_index.mark_failed(reason)
            return False
        return True

    def _on_documents_changed(self, changed: list[Document], removed_ids: list[str]) -> None:
        """Called after every successful write (in batches during an ingest run) with the documents
        stored and the ids removed. Derived data (the search index) follows the store here."""
        self.search_index.update(changed, removed_ids)

    def documents(self) -> list[Document]:
        """Every stored document's metadata (no text, no paragraphs), ordered by id."""
        return self.store.list_documents()

    def document(self, ref: str) -> Document:
        """The whole document named by ``ref``: id (``document:CTOC/COP/WG.6/2014/2``,
        ``resolution:COP 11/6``), symbol, short resolution number (``11/6``) or file name."""
        for candidate in candidate_ids(ref):
            document = self.store.get_document(candidate)
            if document is not None:
                return document
        found = match_document(ref, self.store.list_documents())
        document = self.store.get_document(found.id) if found else None
        if document is None:
            raise NotFoundError(f"no document {ref!r} in {self.home} (give a symbol, id, resolution "
                                f"number or file name; `wgkb ingest` first if the home is empty)")
        return document

    def delete_document(self, ref: str) -> str:
        """Remove a document (named as for ``document``) and return its id."""
        document_id = self.document(ref).id
        self.store.delete_document(document_id)
        self._on_documents_changed([], [document_id])
        return document_id

    # ---- corrections and removal (index/overrides.py, wgkb/corrections.py) ---------------------
    def edit(self, ref: str, **values: str | None) -> Document:
        """Correct a document's title, date, symbol or doc_type (``""`` undoes a correction); stored
        apart from the ingested records, so re-ingest and ``--force`` keep it. Returns the corrected
        document."""
        from wgkb.corrections import edit

        return edit(self, ref, values)

    def remove(self, ref: str) -> Any:
        """Delete a document, its corrections and, when it was uploaded, its file under
        ``<home>/uploads/``: a ``wgkb.corrections.Removed``."""
        from wgkb.corrections import remove

        return remove(self, ref)

    def parse(self, path: str | Path) -> Document:
        """Read and segment one file without storing it (an upload's preview)."""
        from ingest.pipeline import ingest_file

        return ingest_file(path)

    def cite(self, ref: str) -> Any:
        """The UN-style reference (Chinese, English, official link) to a document or a paragraph
        (``CTOC/COP/WG.6/2014/2¶85``, ``11/6¶PP3``): a ``wgkb.cite.Reference``."""
        from wgkb.cite import reference

        head, sep, key = ref.partition("¶")
        document = self.document(head)
        paragraph = document.paragraph(key) if sep else None
        if sep and paragraph is None:
            raise NotFoundError(f"{document.name()} has no paragraph {key!r}")
        return reference(document, paragraph)

    def stats(self) -> dict[str, int]:
        """Counts over the whole store: documents, paragraphs, footnotes, characters."""
        return self.store.counts()

    def export(self) -> dict[str, Any]:
        """Every document with its paragraphs, in the ``wgkb export --json`` shape of DESIGN.md, and
        every human review (``"reviews"``, oldest first; user data, restored by ``import_reviews``)."""
        return {"documents": [export_document(d) for d in self.store.iter_documents()],
                "reviews": [r.to_dict() for r in self.review_store.all()]}

    # ---- search (index/search.py) ------------------------------------------------------------
    @property
    def search_index(self) -> SearchIndex:
        """The search index of this home (``<home>/index/``), rebuilt by itself when stale."""
        if self._search_index is None:
            self._search_index = SearchIndex(self.home, self.store, notify=_notify)
        return self._search_index

    def search(self, query: str, limit: int = 10, offset: int = 0, doc_type: str | None = None,
               year: int | str | tuple[int, int] | None = None, body: str | None = None,
               role: str | None = None, addressee: str | None = None, doc: str | None = None,
               kind: str | None = None) -> SearchResults:
        """Paragraphs matching ``query`` (words, "quoted phrases", AND/OR/NOT, aliases, English,
        traditional characters, citations), best first; facets count the whole result set.
        ``year`` is 2016, "2014..2018" or (2014, 2018); ``doc`` names a document as ``document``
        does; ``role`` is one of recommendation, mandate, followup."""
        if role is not None and role not in ROLES:
            raise WgkbError(f"role {role!r}: choose one of {', '.join(ROLES)}")
        try:
            years = parse_years(year)
        except ValueError as exc:
            raise WgkbError(str(exc)) from None
        doc_id = self.document(doc).id if doc else None
        addressee, body = self._canonical_filters(addressee, body)
        return self.search_index.search(query, limit=limit, offset=offset, doc_type=doc_type, year=years,
                                        body=body, role=role, addressee=addressee, doc=doc_id, kind=kind)

    @staticmethod
    def _canonical_filters(addressee: str | None, body: str | None) -> tuple[str | None, str | None]:
        """Addressee and body filters through the alias table (UNODC -> 毒品和犯罪问题办公室,
        枪支问题工作组 -> CTOC/COP/WG.6); what names nothing known is passed on as typed."""
        from graphs.name_forms import canonical_addressee, canonical_body

        return (canonical_addressee(addressee) or addressee) if addressee else None, canonical_body(body)

    @staticmethod
    def name_forms(text: str) -> tuple[str, ...]:
        """``text`` and the other names of what it names (``UNODC`` -> 毒品和犯罪问题办公室 …), for
        "text contains" filters; ``addressee_matches(value, wanted)`` is the addressee filter."""
        from graphs.name_forms import text_forms

        return text_forms(text)

    @staticmethod
    def addressee_matches(value: str | None, wanted: str | None) -> bool:
        """Whether addressee ``value`` passes the filter ``wanted`` (aliases applied; 各国, 缔约国 and
        会员国 stay distinct)."""
        from graphs.name_forms import addressee_matches

        return addressee_matches(value, wanted)

    def similar(self, text: str, limit: int = 10, exclude_document: str | None = None) -> list[Hit]:
        """Paragraphs sharing the most distinctive terms of ``text`` (suggested follow-up)."""
        return self.search_index.similar(text, limit=limit, exclude_document=exclude_document)

    def rebuild_index(self) -> int:
        """Rebuild the search index from the store; returns the number of paragraphs indexed."""
        return self.search_index.rebuild()

    # ---- search engine of the home (index/engine.py) -----------------------------------------
    @property
    def engine(self) -> str:
        """The search engine this home uses (``whoosh`` unless it records another). Read from the store
        while no search index is open, so that a tantivy home never imports whoosh (and vice versa)."""
        if self._search_index is None:
            from index.engine import DEFAULT_ENGINE

            return self.store.setting("engine") or DEFAULT_ENGINE
        return self.search_index.engine.name

    def use_engine(self, name: str) -> None:
        """Record ``name`` (whoosh or tantivy) as the engine of a home that holds no documents yet; a
        home already holding documents of another engine is converted by ``reindex`` instead."""
        _check_engine(name)
        if name == self.engine:
            return
        if self.store.document_ids():
            raise WgkbError(f"{self.home}: this home uses the {self.engine} engine; convert it with "
                            f"`wgkb reindex --engine {name}`")
        self.store.set_setting("engine", name)

    def reindex(self, name: str | None = None) -> int:
        """Rebuild the search index from the store, with engine ``name`` when given (recorded in the
        home); returns the number of paragraphs indexed."""
        if name is not None:
            _check_engine(name)
            self.store.set_setting("engine", name)
        return self.search_index.rebuild(f"converted to {name}" if name else "requested")

    # ---- graphs: lineage, follow-up, registries, measures, exports (graphs/) -----------------
    # graphs/ takes records and never opens the store: these methods hand it the stored documents
    # (through a graph cached per store generation) and, for suggested follow-up, ``self.similar``.
    def graph(self) -> Any:
        """The citation graph (networkx MultiDiGraph) of every stored document, rebuilt only when the
        store's generation changed. Shared: copy it (``graph.copy()``) before changing it."""
        from graphs import build_graph

        generation = self.store.generation
        cached = self._graph_cache
        if cached is None or cached[0] != generation:
            cached = (generation, build_graph(self.store.iter_documents()))
            self._graph_cache = cached
        return cached[1]

    def lineage(self, res: str, depth: int | None = None) -> Any:
        """What resolution ``res`` (``11/6``, ``第 11/6 号决议``, ``resolution:COP 11/6``) builds on and
        what builds on it: a ``graphs.lineage.Lineage``."""
        from graphs import lineage

        return lineage(self.graph(), self._graph_ref(res), depth)

    def followup(self, target: str, limit: int = 10) -> Any:
        """Cited and suggested follow-up of a resolution, paragraph (``11/6¶27``), recommendation
        (``CTOC/COP/WG.6/2017/4#23``) or document: a ``graphs.followup.Followup``."""
        from graphs import followup
        from wgkb.reviewing import reviewed_followup

        return reviewed_followup(self, self.review_store, followup(self.graph(), self._graph_ref(target),
                                                                   self.similar, limit))

    def mandates(self, addressee: str | None = None, resolution: str | None = None) -> list[Any]:
        """One ``graphs.registries.RegistryRow`` per mandate paragraph, with follow-up status."""
        from graphs import mandates
        from wgkb.reviewing import reviewed_rows

        where = self._graph_ref(resolution) if resolution else None
        rows = mandates(self.graph(), addressee=addressee, resolution=where, similar=self.similar)
        return reviewed_rows(self, self.review_store, rows)

    def recommendations(self, year: str | int | None = None, addressee: str | None = None,
                        kinds: Any = None) -> list[Any]:
        """One row per recommendation (paragraphs and cited numbered recommendations), with status;
        ``kinds``: adopted, reported, proposed or all (default adopted and reported)."""
        from graphs import recommendations
        from wgkb.reviewing import reviewed_rows

        try:
            rows = recommendations(self.graph(), year=year, addressee=addressee, similar=self.similar, kinds=kinds)
        except ValueError as exc:
            raise WgkbError(str(exc)) from None
        return reviewed_rows(self, self.review_store, rows)

    # ---- watch list and alerts (index/watch.py, wgkb/watching.py, wgkb/watch_feed.py) ----------
    @property
    def watch_list(self) -> Any:
        """The watch list of this home (its own tables in the store's file; never touched by ingest)."""
        if self._watches is None:
            from index.watch import WatchList

            self._watches = WatchList(self.store.path)
        return self._watches

    def watch(self, target: str | None = None, query: str | None = None) -> tuple[Any, bool]:
        """Watch a resolution, paragraph, recommendation or document, or a saved search (``query``);
        (watch, newly added). What cites or matches it today is not news."""
        from wgkb.watching import add_watch

        found = add_watch(self, self.watch_list, target, query)
        self._write_feed()
        return found

    def unwatch(self, name: str) -> Any:
        """Stop watching (``name``: the number shown by ``watches``, the query or the target)."""
        from wgkb.watching import find_watch

        watch = find_watch(self.watch_list, self, name)
        self.watch_list.remove(watch.id)
        return watch

    def watches(self) -> list[Any]:
        return self.watch_list.all()

    def news(self, since: str | None = None) -> list[Any]:
        """Watch-list news, newest first, recorded at or after ``since`` (ISO date or time)."""
        return self.watch_list.news(since)

    def _check_watches(self) -> list[Any]:
        """After an ingest that changed the store: news per watched item, and the feed rewritten. A
        failure is one notice; the ingest stands."""
        from wgkb.watching import check

        try:
            if not self.watch_list.all():
                return []
            news = check(self, self.watch_list)
            if news:
                self._write_feed()
            return news
        except Exception as exc:  # noqa: BLE001 - the documents are stored; alerts may lag
            _notify(f"watch list check failed: {' '.join(str(exc).split()) or type(exc).__name__}")
            return []

    def _write_feed(self) -> Any:
        from wgkb.watch_feed import write_feed

        return write_feed(self.home, self.watch_list.news(), self.store.identity)

    # ---- human review of follow-up (index/reviews.py, wgkb/reviewing.py, graphs/reviewed.py) ----
    @property
    def review_store(self) -> Any:
        """The reviews of this home (their own table in the store's file; never touched by ingest)."""
        if self._reviews is None:
            from index.reviews import Reviews

            self._reviews = Reviews(self.store.path)
        return self._reviews

    def review(self, target: str, action: str, *, paragraph: str | None = None, status: str | None = None,
               note: str | None = None, by: str | None = None) -> Any:
        """Confirm / reject / add ``paragraph`` as follow-up of ``target``, or set its ``status``
        (not_started, in_progress, implemented, superseded, unknown); returns the stored review."""
        from wgkb.reviewing import add_review

        return add_review(self, self.review_store, target, action, paragraph=paragraph, status=status,
                          note=note, by=by)

    def reviews(self) -> list[Any]:
        """Every review, oldest first (targets as the graph names them now)."""
        from wgkb.reviewing import resolved_reviews

        return resolved_reviews(self, self.review_store)

    def import_reviews(self, path: str | Path) -> tuple[int, int]:
        """Restore the reviews of a ``wgkb export --json`` file: (new, in the file)."""
        from wgkb.reviewing import import_reviews

        return import_reviews(self.review_store, path)

    def meetings(self) -> list[Any]:
        """The meetings registry (``graphs.meetings.Meeting`` records): documents + corpus/meetings.toml."""
        from graphs.meetings import REGISTRY

        return list(self.graph().graph.get(REGISTRY, []))

    def graph_stats(self, top: int = 20) -> Any:
        """Counts, most-cited targets (in-degree, PageRank), citations per year/body/relation."""
        from graphs import graph_stats

        return graph_stats(self.graph(), top)

    def export_graph(self, fmt: str, path: str | Path, scope: str = "paragraphs") -> list[Path]:
        """Write the graph as graphml, gexf, json or csv (FILE.nodes.csv + FILE.edges.csv); returns
        the files written."""
        from graphs import export_graph

        return export_graph(self.graph(), fmt, path, scope)

    def _graph_ref(self, ref: str) -> str:
        """The graph id ``ref`` names; what the graph cannot read is tried as a stored document
        (file name, title …), keeping a ``¶key`` suffix."""
        from graphs.resolve import resolve

        try:
            return resolve(self.graph(), ref).id
        except (NotFoundError, ValueError) as exc:
            head, sep, key = (ref or "").partition("¶")
            try:
                return self.document(head).id + sep + key
            except NotFoundError:
                raise exc from None
