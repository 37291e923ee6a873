"""Test support for the citation extractor: plain texts split into a Document, and gold files.

``document_from_text`` splits a clean text on blank lines, the way the gold annotations under
``tests/gold/citations/`` key their paragraphs (a line starting ``2.`` or ``¹`` also starts a chunk): a printed number ``85.`` -> ``85``; a footnote
(``¹ …``, ``* …``, ``1/ …``) -> ``fn<mark>``; in a resolution, the unnumbered paragraphs after the
acting-body line (``缔约方会议，``) -> ``PP<n>``; anything else -> ``t<n>``. It stands apart from the
ingest pipeline on purpose: the gold must not move when the segmenter changes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from ingest.records import Document, Paragraph

GOLD_DIR = Path(__file__).parent / "gold" / "citations"
CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
FIXTURE_DIR = Path(__file__).parent / "fixtures" / "docs"

#: ``85. text`` -> key 85.
NUMBERED = re.compile(r"^(\d{1,3})\.\s")
#: ``¹ text``, ``²⁴ text``, ``* text``, ``1/ text`` (GA style), ``[1] text``.
FOOTNOTE = re.compile(r"^(?:([¹²³⁴⁵⁶⁷⁸⁹⁰]+)|(\*)|(\d{1,2})/|\[(\d{1,2})\])\s")
#: A chunk: lines up to a blank line or up to a line that starts a numbered paragraph or a footnote
#: (clean texts often put ``1. …`` and ``2. …`` on consecutive lines).
_CHUNK = re.compile(r"(?:[^\n]|\n(?!\s*\n|\d{1,3}\.\s|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s|\*\s))+")
#: The acting-body line of a resolution: ``缔约方会议，`` / ``大会，`` / ``安全理事会，``.
ACTING_BODY = re.compile(r"^[^\s，。]{2,40}，$")


def document_from_text(
    text: str, *, doc_id: str, symbol: str | None = None, body: str | None = None,
    date: str | None = None, doc_type: str | None = None, source: str = "test",
) -> Document:
    """A Document of ``text`` split on blank lines, keys as described in the module docstring."""
    paragraphs: list[Paragraph] = []
    in_resolution = doc_type == "resolution"
    preamble = other = 0
    after_body = False
    for match in _CHUNK.finditer(text):
        chunk = match.group(0)
        stripped = chunk.strip()
        if not stripped:
            continue
        start = match.start() + chunk.index(stripped)
        kind, key = _kind_and_key(stripped)
        if kind == "text" and in_resolution and after_body:
            preamble += 1
            kind, key = "preamble", f"PP{preamble}"
        elif kind == "text":
            other += 1
            key = f"t{other}"
        if kind == "numbered" and in_resolution:
            kind, after_body = "operative", False
        if in_resolution and ACTING_BODY.match(stripped) and not after_body and preamble == 0:
            after_body = True
        paragraphs.append(Paragraph(key=key, kind=kind, text=stripped, start=start, end=start + len(stripped)))
    return Document(
        id=doc_id, symbol=symbol, title=None, doc_type=doc_type, date=date, language="zh",
        source=source, sha256="0" * 64, body=body, text=text, paragraphs=tuple(paragraphs),
    )


def _kind_and_key(text: str) -> tuple[str, str]:
    """(kind, key) of one chunk, before resolution-specific renaming."""
    if match := FOOTNOTE.match(text):
        mark = next(g for g in match.groups() if g)
        return "footnote", "fn" + (unicodedata.normalize("NFKC", mark) if mark != "*" else "*")
    if match := NUMBERED.match(text):
        return "numbered", match.group(1)
    return "text", ""


def load_gold(name: str) -> dict:
    """One gold file: ``{"document": {...}, "source": ..., "citations": [{key, target, surface, ...}]}``."""
    return json.loads((GOLD_DIR / name).read_text(encoding="utf-8"))


def gold_document(gold: dict) -> Document:
    """The Document a gold file describes (its text from the corpus or from the fixtures)."""
    meta = gold["document"]
    base = CORPUS_DIR if gold["source"].startswith("corpus/") else FIXTURE_DIR
    path = base / Path(gold["source"]).name
    return document_from_text(
        path.read_text(encoding="utf-8"), doc_id=meta["id"], symbol=meta.get("symbol"),
        body=meta.get("body"), date=meta.get("date"), doc_type=meta.get("doc_type"), source=gold["source"],
    )
