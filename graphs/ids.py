"""Canonical ids as the graph sees them: split an id into its parts, label a node nobody ingested,
and turn a pinpoint ("para. 27") into paragraph keys.

Ids are the ones of DESIGN.md (Canonical ids): ``resolution:COP 5/4``, ``decision:GA 60/519``,
``document:CTOC/COP/WG.6/2014/4``, ``recommendation:CTOC/COP/WG.6/2017/4#23``,
``article:firearms-protocol 13(1)`` and paragraphs ``<doc id>¶<key>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.records import PARA_SEP

#: Kinds of node that stand for a whole document (a resolution or decision is a document too).
DOCUMENT_KINDS = ("document", "resolution", "decision")

#: The year inside a UN symbol: ``CTOC/COP/WG.6/2017/4`` -> 2017. Symbols carry the year as one
#: slash-separated part; a four-digit number elsewhere (``A/CONF.192/15``) must not count.
SYMBOL_YEAR = re.compile(r"/((?:19|20)\d\d)(?:/|$)")

#: The body part of a symbol: everything before the year part, ``CTOC/COP/WG.6/2017/4`` ->
#: ``CTOC/COP/WG.6``; used as the ``body`` of a document node that was only cited.
SYMBOL_BODY = re.compile(r"^(.*?)/(?:19|20)\d\d(?:/|$)")

#: A paragraph pinpoint as the citation extractor writes it: ``para. 27``, ``paras. 5 and 7``,
#: ``paras. 5-7``, ``第 27 段``; each number (or range) names operative paragraph keys.
PINPOINT_PARAGRAPHS = re.compile(r"^\s*(?:paras?\.|第)\s*(?P<list>[\d\s,，、\-–—和至and]+)")

#: One number or range inside such a list: ``5-7`` -> 5, 6, 7.
PINPOINT_RANGE = re.compile(r"(\d+)(?:\s*[\-–—至]\s*(\d+))?")

#: The year of a Security Council resolution, a plain number with its year: ``2370 (2017)``.
SC_YEAR = re.compile(r"\((\d{4})\)")


@dataclass(frozen=True)
class CanonicalId:
    """The parts of a canonical id. ``number`` is ``5/4`` (resolutions, decisions), the recommendation
    number, or the article; ``symbol`` the UN symbol of a document or of a recommendation's report;
    ``body`` the issuing body (for an article: its instrument, so citations per body count treaties)."""

    kind: str
    body: str | None = None
    number: str | None = None
    symbol: str | None = None
    instrument: str | None = None


def parse_id(node_id: str) -> CanonicalId:
    """Split a canonical id (paragraph ids are split at ``¶`` first, by ``split_paragraph``)."""
    kind, _, rest = node_id.partition(":")
    if kind in ("resolution", "decision"):
        body, _, number = rest.partition(" ")
        return CanonicalId(kind, body=body or None, number=number or None)
    if kind == "recommendation":
        symbol, _, number = rest.rpartition("#")
        if "@" in symbol:  # meeting-based: recommendation:<body>@<meeting>#<n> (no report known)
            return CanonicalId(kind, number=number or None, body=symbol.partition("@")[0] or None)
        return CanonicalId(kind, symbol=symbol or None, number=number or None,
                           body=symbol_body(symbol))
    if kind == "article":
        instrument, _, article = rest.partition(" ")
        return CanonicalId(kind, number=article or None, instrument=instrument or None, body=instrument or None)
    if kind == "document":
        symbol = None if rest.startswith("sha256:") else rest
        return CanonicalId(kind, symbol=symbol, body=symbol_body(symbol))
    return CanonicalId(kind or "unknown")


def split_paragraph(node_id: str) -> tuple[str, str | None]:
    """``resolution:COP 11/6¶27`` -> (``resolution:COP 11/6``, ``27``); no ``¶`` -> (id, None)."""
    doc_id, sep, key = node_id.partition(PARA_SEP)
    return (doc_id, key) if sep else (node_id, None)


def symbol_year(symbol: str | None) -> int | None:
    """The year printed in a UN symbol, or None."""
    match = SYMBOL_YEAR.search(symbol or "")
    return int(match.group(1)) if match else None


def symbol_body(symbol: str | None) -> str | None:
    """The issuing body part of a symbol: before the year part (``CTOC/COP/WG.6/2017/4`` ->
    ``CTOC/COP/WG.6``), else the organ letter(s) before the first slash (``A/60/88`` -> ``A``)."""
    match = SYMBOL_BODY.match(symbol or "")
    if match:
        return match.group(1)
    head, sep, _ = (symbol or "").partition("/")
    return head if sep and head else None


def report_of(recommendation_id: str) -> str | None:
    """The report node of a recommendation: ``recommendation:X#23`` -> ``document:X``."""
    symbol = parse_id(recommendation_id).symbol
    return f"document:{symbol}" if symbol else None


def stub_label(node_id: str) -> str:
    """How a user cites a node known only from citations: ``resolution 5/4`` (COP),
    ``GA resolution 70/1``, ``CTOC/COP/WG.6/2017/4``, ``CTOC/COP/WG.6/2017/4, recommendation 23``."""
    cid = parse_id(node_id)
    if cid.kind in ("resolution", "decision"):
        return f"{cid.kind} {cid.number}" if cid.body == "COP" else f"{cid.body} {cid.kind} {cid.number}"
    if cid.kind == "recommendation" and cid.symbol is None:
        meeting = node_id.partition("@")[2].rpartition("#")[0]
        when = "previous meeting" if meeting == "previous" else f"meeting {meeting}"
        return f"{cid.body}, {when}, recommendation {cid.number}"
    if cid.kind == "recommendation":
        return f"{cid.symbol}, recommendation {cid.number}"
    if cid.kind == "article":
        return f"{cid.instrument}, art. {cid.number}"
    if cid.kind == "document" and cid.symbol:
        return cid.symbol
    return node_id


def id_year(node_id: str) -> int | None:
    """The year an id itself tells (a symbol's year, an SC resolution's year), or None."""
    cid = parse_id(node_id)
    if cid.symbol:
        return symbol_year(cid.symbol)
    match = SC_YEAR.search(cid.number or "")
    return int(match.group(1)) if match else None


def pinpoint_keys(pinpoint: str | None) -> tuple[str, ...]:
    """The paragraph keys a pinpoint names: ``para. 27`` -> ("27",), ``paras. 5-7`` -> ("5", "6", "7");
    a chapter or article pinpoint names none."""
    match = PINPOINT_PARAGRAPHS.match(pinpoint or "")
    if not match:
        return ()
    keys: list[str] = []
    for low, high in PINPOINT_RANGE.findall(match.group("list")):
        last = int(high) if high and int(high) - int(low) < 200 else int(low)
        keys.extend(str(n) for n in range(int(low), max(int(low), last) + 1))
    return tuple(dict.fromkeys(keys))
