"""The typed records every stage of wgkb speaks: Document, Paragraph, Footnote, Citation, Entity.

All records are frozen dataclasses. Offsets (``start``/``end``) index into the text named in each
docstring. ``to_dict``/``from_dict`` are the one explicit serialisation (used by the store, the
``--json`` outputs and ``wgkb export --json``); ``from_dict(to_dict(x)) == x`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

#: Paragraph kinds, as in DESIGN.md (``export --json`` contract).
PARAGRAPH_KINDS = ("heading", "numbered", "preamble", "operative", "agenda_item", "footnote", "text")
#: Paragraph roles (issue 3).
ROLES = ("recommendation", "mandate", "followup")
#: Citation target kinds: the prefix of a canonical id.
TARGET_KINDS = ("resolution", "decision", "document", "recommendation", "article")
#: Relations a citation may carry (from the governing verb); None when no verb governs it.
RELATIONS = (
    "recalls", "reaffirms", "takes_note", "welcomes", "pursuant_to", "see", "in_accordance_with",
    "refers_to", "requests", "decides", "endorses", "adopts", "cites",
)
#: Paragraph id separator: ``<doc id>¶<key>``.
PARA_SEP = "¶"


@dataclass(frozen=True)
class Citation:
    """A reference found in a paragraph.

    ``start``/``end`` index into the citing paragraph's ``text``; ``text[start:end] == surface``.
    ``target`` is a canonical id (DESIGN.md, Canonical ids), e.g. ``resolution:COP 5/4``;
    an unresolved short form or recommendation keeps a ``?`` (``recommendation:?#6``).
    ``title``/``date`` are what the citing text states about the target (ISO date), if anything.
    """

    target: str
    surface: str
    start: int
    end: int
    relation: str | None = None
    pinpoint: str | None = None
    title: str | None = None
    date: str | None = None
    resolved: bool = True

    @property
    def kind(self) -> str:
        """The target kind: ``resolution``, ``decision``, ``document``, ``recommendation``, ``article``."""
        return self.target.split(":", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class Entity:
    """A named entity in a paragraph: ``text[start:end] == surface`` in the paragraph's ``text``.

    ``label`` is one of ORG, BODY, INSTRUMENT, COUNTRY, SDG; ``id`` is the canonical id from
    ``corpus/aliases.toml`` (e.g. ``org:unodc``) or ``country:<ISO code>``.
    """

    id: str
    label: str
    surface: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class Paragraph:
    """One segment of a document: heading, numbered paragraph, preamble/operative paragraph,
    agenda item, footnote or other text.

    ``key`` is the printed number ("85"), ``PP<n>``, ``fn<mark>``, ``h<n>`` or ``t<n>`` (DESIGN.md).
    ``start``/``end`` index into the owning ``Document.text`` (the cleaned text), so
    ``document.text[start:end] == text``. ``page`` is the 1-based page the paragraph starts on
    (None for sources without pages). ``footnotes`` lists the marks of footnotes whose marker this
    paragraph carries; a footnote paragraph has ``anchor`` = key of the paragraph carrying its marker.
    ``marker_offsets`` says where each of those markers stands in ``text`` (same order as ``footnotes``:
    the marker came right before ``text[offset]``; ``len(text)`` = at the end); empty when not known
    (a store written before positions were kept). Markers are never part of ``text``.
    ``tokens`` is the jieba segmentation of ``text`` (user dictionary of UN terms loaded), made once at
    annotation and reused by entity recognition and the search index; ``"".join(tokens) == text``.
    """

    key: str
    kind: str
    text: str
    start: int = 0
    end: int = 0
    section: tuple[str, ...] = ()
    page: int | None = None
    footnotes: tuple[str, ...] = ()
    marker_offsets: tuple[int, ...] = ()
    anchor: str | None = None
    roles: tuple[str, ...] = ()
    addressee: str | None = None
    verb: str | None = None
    citations: tuple[Citation, ...] = ()
    entities: tuple[Entity, ...] = ()
    tokens: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in PARAGRAPH_KINDS:
            raise ValueError(f"paragraph kind {self.kind!r} is not one of {', '.join(PARAGRAPH_KINDS)}")
        if self.marker_offsets and (len(self.marker_offsets) != len(self.footnotes)
                                    or not all(0 <= o <= len(self.text) for o in self.marker_offsets)):
            raise ValueError(f"paragraph {self.key!r}: marker offsets {list(self.marker_offsets)} do not fit "
                             f"its {len(self.footnotes)} footnote marks and {len(self.text)} characters")

    def to_dict(self) -> dict[str, Any]:
        data = _plain(self)
        data["citations"] = [c.to_dict() for c in self.citations]
        data["entities"] = [e.to_dict() for e in self.entities]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paragraph:
        data = _known(cls, data)
        for name in ("section", "footnotes", "marker_offsets", "roles", "tokens"):
            data[name] = tuple(data.get(name) or ())
        data["citations"] = tuple(Citation.from_dict(c) for c in data.get("citations") or ())
        data["entities"] = tuple(Entity.from_dict(e) for e in data.get("entities") or ())
        return cls(**data)


#: Footnotes are paragraphs of kind ``footnote`` (key ``fn<mark>``, ``anchor`` = carrying paragraph).
Footnote = Paragraph


@dataclass(frozen=True)
class Document:
    """A whole ingested document.

    ``id`` is canonical: ``document:<SYMBOL>``, ``resolution:<BODY> <n>`` for a resolution, or
    ``document:sha256:<first 16 hex>`` when no symbol is known. ``text`` is the cleaned text all
    paragraph offsets index into. ``source`` is the path as given at ingest; ``sha256`` is of the
    raw file bytes. ``date`` is ISO 8601, reduced precision allowed (``2022``, ``2022-10``), or None.
    """

    id: str
    symbol: str | None
    title: str | None
    doc_type: str | None
    date: str | None
    language: str
    source: str
    sha256: str
    meeting: str | None = None
    body: str | None = None
    text: str = ""
    pages: int | None = None
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)

    @property
    def year(self) -> int | None:
        """The year of ``date`` (ISO, reduced precision allowed), else the year in the symbol, else None."""
        if self.date:
            return int(self.date[:4])
        match = re.search(r"/((?:19|20)\d\d)(?:/|$)", self.symbol or "")
        return int(match.group(1)) if match else None

    def paragraph_id(self, key: str) -> str:
        """The canonical id of one of this document's paragraphs: ``<doc id>¶<key>``."""
        return f"{self.id}{PARA_SEP}{key}"

    def paragraph(self, key: str) -> Paragraph | None:
        """The paragraph with this key, or None."""
        return next((p for p in self.paragraphs if p.key == key), None)

    def name(self) -> str:
        """How a user cites the document: its symbol, ``resolution 11/6`` (``GA resolution 70/1`` for
        other bodies), or, with no symbol, its title shortened, with the date."""
        kind, _, rest = self.id.partition(":")
        if kind in ("resolution", "decision"):
            body, _, number = rest.partition(" ")
            return f"{kind} {number}" if body == "COP" else f"{body} {kind} {number}"
        if self.symbol:
            return self.symbol
        title = self.title or Path(self.source).stem
        short = title if len(title) <= 24 else title[:23] + "…"
        return f"{short} ({self.date})" if self.date else short

    def label(self, paragraph: Paragraph) -> str:
        """The citable label of one of this document's paragraphs, e.g.
        ``CTOC/COP/WG.6/2014/2, para. 85``, ``resolution 11/6, preamble para. 3`` or, for text without a
        printed number, ``CTOC/COP/WG.6/2016/1, annotations, item 2, 3rd paragraph`` (the rule:
        ``ingest.citable``)."""
        from ingest.citable import where

        return f"{self.name()}, {where(self, paragraph)}"

    @cached_property
    def _positions(self) -> dict[str, str]:
        from ingest.citable import positions

        return positions(self)

    def _citable_positions(self) -> dict[str, str]:
        """Key -> citable place of every unnumbered paragraph (computed once per record)."""
        return self._positions

    def with_paragraphs(self, paragraphs: tuple[Paragraph, ...]) -> Document:
        """A copy with other paragraphs (records are frozen)."""
        return replace(self, paragraphs=tuple(paragraphs))

    def to_dict(self) -> dict[str, Any]:
        data = _plain(self)
        data["paragraphs"] = [p.to_dict() for p in self.paragraphs]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        data = _known(cls, data)
        data["paragraphs"] = tuple(Paragraph.from_dict(p) for p in data.get("paragraphs") or ())
        return cls(**data)


def _plain(record: Any) -> dict[str, Any]:
    """Shallow dict of a record's fields, tuples as lists (JSON-ready for scalar fields)."""
    out: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``data`` that are fields of ``cls`` (unknown keys are ignored, for forward compat)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}
