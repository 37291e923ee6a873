"""Turn what a user types (``11/6``, ``resolution:COP 11/6``, ``第 11/6 号决议``, ``11/6¶27``,
``CTOC/COP/WG.6/2017/4#23``, ``CTOC/COP/WG.6/2018/3``) into a node of the citation graph.

Bad input raises ``ValueError`` (cannot be read, or ambiguous: the choices are listed); a well-formed
reference to something neither ingested nor cited raises ``NotFoundError``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import networkx as nx

from graphs.ids import DOCUMENT_KINDS
from ingest.errors import NotFoundError
from ingest.records import PARA_SEP

#: The number of a resolution or decision: ``11/6``, ``56/24 V`` (GA, lettered part), or a Security
#: Council number with its year, ``2370 (2017)`` (also typed ``2370(2017)``).
NUMBER = r"\d+/\d+(?:\s+[A-Z]{1,4})?|\d+\s*\(\d{4}\)"

#: A canonical id typed in full, spacing forgiven: ``resolution:COP 11/6``, ``decision:GA60/519``.
CANONICAL_RESOLUTION = re.compile(r"^(?P<kind>resolution|decision):\s*(?P<body>[A-Z]+)\s*(?P<num>\S.*)$")

#: The Chinese form a document prints: ``第 11/6 号决议``, ``大会第 70/1 号决议``, ``第 4/6 号决定``.
CHINESE_RESOLUTION = re.compile(
    rf"^(?P<body>[\u4e00-\u9fff]+?)?\s*第\s*(?P<num>{NUMBER})\s*号\s*(?P<kind>决议|决定)$")

#: The English form: ``resolution 11/6``, ``GA resolution 70/1``, ``decision 4/6``.
ENGLISH_RESOLUTION = re.compile(rf"^(?:(?P<body>[A-Z]+)\s+)?(?P<kind>resolution|decision)\s+(?P<num>{NUMBER})$",
                                re.IGNORECASE)

#: A bare session/number, ``11/6``: a resolution or decision of whichever body the graph knows.
BARE_NUMBER = re.compile(rf"^(?P<num>{NUMBER})$")

#: A recommendation: ``CTOC/COP/WG.6/2017/4#23`` (``recommendation:`` prefix optional).
RECOMMENDATION_REF = re.compile(r"^(?:recommendation:)?(?P<symbol>[^#]+)#\s*(?P<num>\d+)$")

#: Chinese names of issuing bodies, as in ``大会第 70/1 号决议`` -> GA.
BODY_NAMES = {
    "缔约方会议": "COP", "大会": "GA", "联合国大会": "GA", "安全理事会": "SC", "安理会": "SC",
    "经济及社会理事会": "ECOSOC", "经社理事会": "ECOSOC", "麻醉药品委员会": "CND",
    "预防犯罪和刑事司法委员会": "CCPCJ", "人权理事会": "HRC",
}

#: The body a bare ``11/6`` means when several bodies share the number: this is a knowledge base
#: of COP documents, which cite their own resolutions that way.
HOME_BODY = "COP"

KIND_NAMES = {"决议": "resolution", "决定": "decision"}


@dataclass(frozen=True)
class Target:
    """A resolved reference: a node of the graph, optionally one of its paragraphs (``key``)."""

    node: str
    key: str | None = None

    @property
    def id(self) -> str:
        """The canonical id of what was asked for (``resolution:COP 11/6¶27`` for a paragraph)."""
        return f"{self.node}{PARA_SEP}{self.key}" if self.key else self.node


def resolve(graph: nx.MultiDiGraph, ref: str) -> Target:
    """The node ``ref`` names. A paragraph (``¶key``) must belong to a document-like node; it need
    not be in the graph (a cited resolution's paragraph is known only by its pinpoints)."""
    text = unicodedata.normalize("NFKC", ref or "").strip()
    if not text:
        raise ValueError("empty reference: give e.g. 11/6, 第 11/6 号决议, CTOC/COP/WG.6/2017/4#23")
    head, sep, key = text.partition(PARA_SEP)
    head, key = head.strip(), key.strip() or None
    if sep and not key:
        raise ValueError(f"{ref!r}: nothing after ¶ (give e.g. 11/6¶27)")
    node = _resolve_head(graph, head, ref)
    if key and graph.nodes[node].get("kind") not in DOCUMENT_KINDS:
        raise ValueError(f"{ref!r}: only a document or resolution has paragraphs")
    return Target(node, key)


def _resolve_head(graph: nx.MultiDiGraph, head: str, ref: str) -> str:
    """The node id for the part before ``¶``."""
    if head in graph:
        return head
    match = RECOMMENDATION_REF.match(head)
    if match:
        node_id = f"recommendation:{normalize_symbol(match['symbol'])}#{match['num']}"
        # a meeting-based id (``CTOC/COP/WG.6@5#20``) the meetings registry joined to its report's
        return _existing(graph, graph.graph.get("joined_meeting_ids", {}).get(node_id, node_id), ref)
    for pattern in (CANONICAL_RESOLUTION, CHINESE_RESOLUTION, ENGLISH_RESOLUTION, BARE_NUMBER):
        match = pattern.match(head)
        if match:
            return _numbered(graph, match, ref)
    symbol = normalize_symbol(head.removeprefix("document:"))
    if "/" not in symbol:
        raise ValueError(f"{ref!r} is not a resolution (11/6, 第 11/6 号决议), recommendation "
                         "(SYMBOL#n) or document symbol")
    node_id = f"document:{symbol}"
    if node_id not in graph:
        folded = node_id.casefold()
        node_id = next((n for n in graph if isinstance(n, str) and n.casefold() == folded), node_id)
    return _existing(graph, node_id, ref)


def _numbered(graph: nx.MultiDiGraph, match: re.Match[str], ref: str) -> str:
    """A resolution or decision by number, body and kind when given; a bare number may match several."""
    groups = match.groupdict()
    number = re.sub(r"\s*\(", " (", re.sub(r"\s+", " ", groups["num"].strip()))
    kind = KIND_NAMES.get(groups.get("kind") or "", (groups.get("kind") or "").lower() or None)
    body = groups.get("body")
    if body and not body.isascii():
        if body not in BODY_NAMES:
            raise ValueError(f"{ref!r}: unknown body {body!r} (known: {', '.join(BODY_NAMES)})")
        body = BODY_NAMES[body]
    if kind and body:
        return _existing(graph, f"{kind}:{body.upper()} {number}", ref)
    candidates = sorted(n for n, a in graph.nodes(data=True)
                        if a.get("kind") in ("resolution", "decision") and a.get("number") == number
                        and (kind is None or a["kind"] == kind) and (body is None or a.get("body") == body))
    if len(candidates) > 1:
        home = [n for n in candidates if graph.nodes[n].get("body") == HOME_BODY]
        if len(home) == 1:
            return home[0]
        raise ValueError(f"{ref!r} is ambiguous: {', '.join(candidates)}")
    if not candidates:
        raise NotFoundError(f"{ref!r}: no resolution or decision {number} is ingested or cited")
    return candidates[0]


def _existing(graph: nx.MultiDiGraph, node_id: str, ref: str) -> str:
    """``node_id`` if the graph has it, else NotFoundError naming what was asked."""
    if node_id not in graph:
        raise NotFoundError(f"{ref!r}: {node_id} is neither ingested nor cited")
    return node_id


def normalize_symbol(symbol: str) -> str:
    """A UN symbol as canonical ids spell it: ASCII, no spaces, ``_`` -> ``/``
    (``CTOC_COP_WG.6_2018_3`` -> ``CTOC/COP/WG.6/2018/3``)."""
    text = unicodedata.normalize("NFKC", symbol)
    return re.sub(r"\s+", "", text).replace("_", "/")
