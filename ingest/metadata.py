"""Document metadata (DESIGN.md, Ingestion 4): from the manifest entry when given, else detected.

Identity (symbol, resolution number) is ``ingest.identity``'s, the date ``ingest.dates``'; this module
puts them together with the type, the title, the meeting and the body, all read off the front matter
(the segmented blocks before the first numbered paragraph or chapter heading) and the raw text's head.
No symbol and no resolution number -> the id is ``document:sha256:<first 16 hex>``; the label then
falls back to the title, and with no title found to the symbol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest import dates, titles
from ingest import patterns as P
from ingest.clean import clean_markup
from ingest.identity import (
    Identity,
    ascii_symbols,
    body_named,
    header_symbol,
    normalize_symbol,
    resolution_heading,
    resolution_of_symbol,
    running_symbol,
    statement_symbol,
    symbol_from_filename,
)

#: The Chinese date line of the meeting: ``2018年5月2日和3日，维也纳``.
MEETING_DATE = re.compile(r"^\s*(\d{4})\s*年\s*\d{1,2}\s*月.{0,40}$")
#: The agenda item line of the front matter: ``临时议程*项目3``, ``临时议程*项目 2、3 和 4``.
AGENDA_ITEM_LINE = re.compile(r"^\s*(临时议程)\*{0,3}\s*(项目.{1,30})$")
#: The meeting body line: ``枪支问题工作组``.
BODY_LINE = re.compile(r"^\s*([^\s，。]{2,30}(?:工作组|委员会|缔约方会议|大会|理事会))\s*$")
_FRONT_LINES = 60
#: The head of the raw text where the header block is looked for (characters).
_HEAD = 5000


@dataclass(frozen=True)
class Metadata:
    """The document-level fields of a Document (the metadata stage's output; same names as Document's fields)."""

    id: str
    symbol: str | None
    title: str | None
    doc_type: str | None
    date: str | None
    language: str
    meeting: str | None
    body: str | None


def detect_metadata(raw_text: str, file_name: str, sha256: str, entry: dict[str, Any] | None = None,
                    front: list[str] | None = None) -> Metadata:
    """Metadata from the manifest entry (fields given there win) completed by detection.

    ``front`` is the front matter as segmented paragraphs (hard-wrapped title lines already joined);
    without it the first non-empty lines of the raw text are used.
    """
    entry = dict(entry or {})
    head = clean_markup(raw_text[:_HEAD])
    if front is None:
        front = [line.strip() for line in head.split("\n") if line.strip()]
    front = [line for line in front if line.strip()][:_FRONT_LINES]
    identity = detect_identity(raw_text, file_name, front)
    symbol = normalize_symbol(entry["symbol"]) if entry.get("symbol") else identity.symbol
    number = entry.get("resolution") or identity.number
    kind = identity.kind or "resolution"
    doc_type = entry.get("doc_type") or detect_doc_type(front, symbol, identity)
    if doc_type == "draft_resolution" and not entry.get("resolution"):
        number = None
    date = entry.get("date") or detect_date(head, front, doc_type, number, symbol)
    return Metadata(
        id=document_id(symbol, number, sha256, "decision" if doc_type == "decision" else kind),
        symbol=symbol,
        title=entry.get("title") or titles.detect_title(front, doc_type),
        doc_type=doc_type,
        date=str(date) if date else None,
        language=entry.get("language") or detect_language(raw_text),
        meeting=entry.get("meeting") or detect_meeting(front),
        body=entry.get("body") or _detect_body(symbol, number),
    )


def document_id(symbol: str | None, resolution: str | None, sha256: str, kind: str = "resolution") -> str:
    """``resolution:COP 11/6`` for a resolution, ``document:<SYMBOL>``, else ``document:sha256:<16 hex>``."""
    if resolution:
        return f"{kind}:{resolution}"
    if symbol:
        return f"document:{symbol}"
    return f"document:sha256:{sha256[:16]}"


def detect_identity(raw_text: str, file_name: str, front: list[str]) -> Identity:
    """The symbol and resolution number the text prints (see ``ingest.identity``): a resolution's or
    decision's first line, a statement named in words, the header block, the running headers, the
    file name."""
    acting = next((line for line in front[:12] if P.ACTING_BODY.match(line)), None)
    if acting is None:
        found = P.ACTING_BODY_IN_TEXT.search(ascii_symbols(" ".join(front[:3]))[:600])
        acting = found.group() if found else None
    symbol = statement_symbol(raw_text) or detect_symbol(raw_text, file_name)
    from_symbol = resolution_of_symbol(symbol) if symbol else None
    heading = resolution_heading(front, acting)
    kind, number = heading or from_symbol or (None, None)
    return Identity(symbol=symbol, kind=kind, number=number)


def detect_symbol(raw_text: str, file_name: str) -> str | None:
    """The document's own symbol: the header block's, else the running headers', else the file name's.
    Lines starting with ``*`` (the agenda footnote) and symbols inside sentences are ignored."""
    return (header_symbol(raw_text) or running_symbol(raw_text[:200000].split("\n"))
            or symbol_from_filename(file_name))


def detect_date(head: str, front: list[str] | None = None, doc_type: str | None = None, number: str | None = None,
                symbol: str | None = None) -> str | None:
    """A resolution's adoption date, else the header block's date, else a GA session's year."""
    front = front if front is not None else [line.strip() for line in head.split("\n") if line.strip()]
    if doc_type in ("resolution", "decision", "presidential_statement"):
        adopted = dates.adoption_date(head) or dates.adoption_date("\n".join(front[-3:]))
        if adopted:
            return adopted
    ga = bool(symbol and symbol.startswith("A/") and not symbol.startswith(("A/HRC/", "A/CONF.")))
    return (dates.header_date(head, front) or dates.session_year(front, number, ga or body_named(
        " ".join(front[:3])) == "GA") or dates.symbol_year(symbol) or dates.meeting_year(front))


def detect_doc_type(front: list[str], symbol: str | None = None, identity: Identity | None = None) -> str:
    """The document type from general cues (README, Document forms): the identity (a resolution or
    decision number), the symbol's shape (``S/PRST/``, ``/L.``, ``/RES/``), the heading words of the
    front matter (决议草案, 普通照会, 秘书处的说明, 临时议程, 报告, 问题单 …) and an acting body line."""
    symbol = symbol or ""
    draft = "/L." in symbol
    if identity and identity.kind and not draft:
        return identity.kind
    head = next((m for line in front[:4] if (m := P.RESOLUTION_HEAD.match(ascii_symbols(line.strip())))), None)
    if head and not draft:
        return "resolution" if head.group("kind") == "决议" else "decision"
    if "/PRST/" in symbol:
        return "presidential_statement"
    pieces = [piece for line in front[:30] for piece in titles.unglue(line)]
    headings = [line for line in pieces if len(line) < 80 and line[-1] not in "。；：，"]
    if any(P.DRAFT_LINE.search(line) for line in pieces[:15]):
        return "draft_resolution"
    for needle, kind in P.TYPE_WORDS:
        if any(needle.search(line) for line in headings):
            return kind
    acting = any(P.ACTING_BODY.match(line) for line in front[:15])
    if acting or any(P.ACTING_BODY_IN_TEXT.search(line[:400]) for line in front[:2]):
        return "draft_resolution" if draft else "resolution"
    return "draft_resolution" if draft and "/C." in symbol else "other"


def detect_meeting(front: list[str]) -> str | None:
    """``枪支问题工作组，2018年5月2日和3日，维也纳（临时议程项目3）`` assembled from front lines."""
    body = next((line for line in front[:15] if BODY_LINE.match(line)), None)
    when = next((line for line in front[:20] if MEETING_DATE.match(line)), None)
    if not (body and when):
        return None
    item = next((m for line in front[:20] if (m := AGENDA_ITEM_LINE.match(line))), None)
    suffix = f"（{item.group(1)}{item.group(2).replace(' ', '')}）" if item else ""
    return "".join(body.split()) + f"，{when}{suffix}"


def detect_language(text: str) -> str:
    """``zh`` when ideographs make up a fifth of the letters, else ``en``."""
    sample = text[:20000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    return "zh" if _cjk_count(sample) > 0.2 * letters else "en"


def _detect_body(symbol: str | None, resolution: str | None) -> str | None:
    """``COP`` for a COP resolution; the symbol's series (``CTOC/COP/WG.6``) for a document."""
    if resolution:
        return resolution.split(" ", 1)[0]
    if symbol:
        series = re.sub(r"(?:/[\d.]+)+$", "", symbol)
        return series if series and series != symbol else None
    return None


def _cjk_count(text: str) -> int:
    return len(re.findall(rf"[{P.CJK}]", text))


def _cjk_share(text: str) -> float:
    return _cjk_count(text) / max(1, len(text))
