"""The search-engine interface: what ``index.search`` asks of an engine, and what every engine shares.

An engine indexes paragraphs (one engine document per paragraph, footnotes included) and answers the
engine-neutral query tree of ``index.query`` within :class:`Filters`. Each engine is one module
beside this one (``index.whoosh_engine``, ``index.tantivy_engine``); :func:`get` names them. The
search layer above (``index.search``) keeps the index folder, its marker, locking and freshness; an
engine only builds, updates and opens the files of one folder:

* ``build(folder, documents) -> (paragraphs, documents)``: a new index of ``documents`` in an empty
  ``folder``;
* ``update(folder, changed, removed_ids)``: replace the paragraphs of ``changed`` documents, drop
  those of ``removed_ids``, commit atomically (readers see before or after, never half);
* ``open(folder, texts) -> EngineSearcher``: a reader with ``count()``, ``search(...)`` -> :class:`Page`,
  ``similar(...)`` and ``close()``; ``texts`` (a :data:`TextSource`, the store's
  ``Store.paragraph_texts``) gives paragraph texts to an engine that checks them at search time
  (whoosh's phrases).

A hit's stored fields (:func:`paragraph_rows`) are the same in every engine, so ``index.search`` turns
them into ``Hit`` records one way. They hold no paragraph text (the store keeps it once): a hit names
its paragraph by ``document``, ``seq`` (its place in the store, the primary key) and ``key``, and
``index.search`` reads the texts it needs from the store in one query.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from index.context import contexts
from index.folding import fold
from index.query import Node
from ingest.records import Document

#: The engines a home may use (``wgkb ingest --engine``, ``wgkb reindex --engine``), and their modules.
ENGINES = {"whoosh": "index.whoosh_engine", "tantivy": "index.tantivy_engine"}
#: The engine of a home that names none (the design card's choice).
DEFAULT_ENGINE = "whoosh"
#: Facet names offered by ``SearchResults.facets``, in order.
FACETS = ("doc_type", "year", "body", "role", "addressee", "document", "kind")
#: Weight of a hit on the cited-targets field relative to a text hit.
CITE_BOOST = 2.0
#: Share of the other matching forms of one query item added to the best one (DisjunctionMax): a
#: paragraph naming UNODC twice over (毒品和犯罪问题办公室, UNODC) is not worth two matches.
TIEBREAK = 0.1
#: Paragraph texts by ``(document_id, seq, key)`` -> ``{(document_id, seq): text}``, leaving out a
#: paragraph no longer stored under that key (``index.store.Store.paragraph_texts``).
TextSource = Callable[[Sequence[tuple[str, int, str]]], dict[tuple[str, int], str]]
#: Whitespace inside stored texts (PDF-flattened "2014 年", "记录\n保存") ignored in phrases.
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Filters:
    """What a search is restricted to: each given field must match one of its values. ``year`` is
    an int, a ``(first, last)`` pair or a list of ints; ``doc`` a document id; ``role`` one role."""

    doc_type: Any = None
    year: Any = None
    body: Any = None
    role: Any = None
    addressee: Any = None
    doc: Any = None
    kind: Any = None

    def terms(self) -> dict[str, list[str]]:
        """Index field -> the values it may have (empty when nothing is filtered)."""
        out: dict[str, list[str]] = {}
        for name, value in (("doc_type", self.doc_type), ("body", self.body), ("roles", self.role),
                            ("addressee", self.addressee), ("document", self.doc), ("kind", self.kind)):
            if value:
                out[name] = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
        if self.year is not None:
            if isinstance(self.year, tuple):
                years = range(int(self.year[0]), int(self.year[1]) + 1)
            else:
                years = self.year if isinstance(self.year, list) else [self.year]
            out["year"] = [str(y) for y in years]
        return out


@dataclass
class Page:
    """One page of an engine's answer: ``(stored fields, score)`` of the hits ``offset`` to
    ``offset + limit``, the number of matching paragraphs and facet counts over all of them."""

    hits: list[tuple[dict[str, Any], float]]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class EngineSearcher(Protocol):
    """An open index (a consistent snapshot until closed)."""

    def count(self) -> int: ...

    def search(self, tree: Node | None, filters: Filters, *, every: bool, offset: int,
               limit: int) -> Page: ...

    def similar(self, text: str, limit: int, exclude_document: str | None
                ) -> tuple[list[tuple[dict[str, Any], float]], tuple[str, ...]]: ...

    def close(self) -> None: ...


class Engine(Protocol):
    """A search engine: builds, updates and opens the index files of one folder."""

    name: str
    #: Bumped when the engine's schema or analysis changes: an index of another version is rebuilt.
    version: int

    def build(self, folder: Path, documents: Iterable[Document]) -> tuple[int, int]: ...

    def update(self, folder: Path, changed: list[Document], removed_ids: list[str]) -> None: ...

    def open(self, folder: Path, texts: TextSource) -> EngineSearcher: ...


def get(name: str | None = None) -> Engine:
    """The engine called ``name`` (default :data:`DEFAULT_ENGINE`); ValueError naming the choices."""
    name = name or DEFAULT_ENGINE
    if name not in ENGINES:
        raise ValueError(f"search engine {name!r}: choose one of {', '.join(ENGINES)}")
    return importlib.import_module(ENGINES[name]).ENGINE


# ---- what every engine indexes ---------------------------------------------------------------
def citation_keys(target: str) -> list[str]:
    """Keys of a cited target in the ``cites`` field: the canonical id and what users type.

    ``resolution:COP 11/6`` -> ``resolution:COP 11/6``, ``11/6``;
    ``document:CTOC/COP/WG.6/2014/4`` -> ``…``, ``CTOC/COP/WG.6/2014/4``;
    ``recommendation:CTOC/COP/WG.6/2017/4#23`` -> ``…``, ``CTOC/COP/WG.6/2017/4``, ``rec#23``;
    ``article:firearms-protocol 10(2)`` -> ``…``, ``article:firearms-protocol 10``, ``art#10``.
    """
    kind, _, rest = target.partition(":")
    keys = [target]
    if kind in ("resolution", "decision"):
        keys.append(rest.split(" ", 1)[-1].split(" ")[0])
    elif kind == "document":
        keys.append(rest.upper())
    elif kind == "recommendation":
        symbol, _, number = rest.partition("#")
        keys += [f"rec#{number}"] + ([symbol.upper()] if symbol and symbol != "?" else [])
    elif kind == "article":
        instrument, _, number = rest.partition(" ")
        base = re.match(r"\d+", number)
        if base:
            keys += [f"article:{instrument} {base.group()}", f"art#{base.group()}"]
    return [k.replace(",", " ") for k in keys if k]


def paragraph_rows(document: Document) -> Iterator[tuple[dict[str, Any], Any, str]]:
    """``(stored fields, paragraph, context text)`` of one document's paragraphs: what a hit carries
    back (the same in every engine; no text: ``seq``, the paragraph's place in the document and its
    primary key in the store, finds it there), the paragraph and its context (``index.context``:
    section titles and issuing body; "" when none), for the engine's own indexed fields."""
    year = str(document.year or "")
    around = contexts(document)
    for seq, paragraph in enumerate(document.paragraphs):
        context = around.get(paragraph.key)
        yield {
            "pid": document.paragraph_id(paragraph.key), "document": document.id, "seq": seq,
            "key": paragraph.key, "label": document.label(paragraph),
            "kind": paragraph.kind, "doc_type": document.doc_type or "", "year": year,
            "body": document.body or "", "roles": ",".join(paragraph.roles),
            "addressee": paragraph.addressee or "", "page": paragraph.page,
            "section": context.section if context else "",
        }, paragraph, context.text if context else ""


def paragraph_cites(paragraph: Any) -> list[str]:
    """The ``cites`` keys of one paragraph, sorted."""
    return sorted({k for c in paragraph.citations for k in citation_keys(c.target)})


def squash(text: str) -> str:
    """The form phrases are compared in: NFKC, lower case, no whitespace (``index.folding``: per
    character where that is exact)."""
    return fold(text)


def ordered_counts(counter: Counter) -> dict[str, int]:
    """A facet's counts, most frequent first (ties by value), empty values left out."""
    return {str(k): v for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
            if k not in ("", None)}
