"""Follow-up of a resolution, one of its paragraphs, a recommendation or a document.

*Cited* follow-up: the paragraphs of other documents that cite the target (for a paragraph
``11/6¶27``: that cite the resolution with a pinpoint naming paragraph 27), grouped by document and
year, with relation and a snippet around the citation.

*Suggested* follow-up: later body paragraphs of other documents that do not cite the target but are
textually close to it. Candidates come from a similarity search passed in (the facade passes the
search index's ``kb.similar``; this module never opens the index); each is re-scored here by the
IDF-weighted cosine of character bigrams (graphs/similarity.py), so the threshold does not depend on
the search engine's score scale.
Suggestions are kept apart from cited follow-up and always marked ``suggested``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from graphs.edges import citations_into, container
from graphs.ids import split_paragraph
from graphs.resolve import Target, resolve
from graphs.similarity import scorer

#: ``similar(text, limit, exclude_document) -> hits`` with at least ``paragraph_id``, ``document_id``
#: and ``text`` (the facade passes ``kb.similar``).
Similar = Callable[..., Sequence[Any]]

STATUS_CITED = "cited"
STATUS_SUGGESTED = "suggested only"
STATUS_NONE = "none"
STATUSES = (STATUS_CITED, STATUS_SUGGESTED, STATUS_NONE)

#: IDF-weighted bigram cosine a candidate needs to count as suggested follow-up. Measured on the
#: seeds: paragraphs that act on a mandate or recommendation without citing it score 0.2-0.55
#: (resolution 11/6 para. 23 on industry vs the 2023 paper's para. 18: 0.53; the 2016 agenda's
#: report of a WG recommendation vs 11/6 para. 24 that adopted it: 0.34; 2014/2 para. 91 on expert
#: networks vs the 2023 paper's para. 50: 0.24); unrelated paragraphs of the family 0.02-0.17.
MIN_SIMILARITY = 0.2
#: Paragraph kinds never suggested (a heading or a bibliographic footnote is not follow-up), and the
#: shortest text suggested.
SUGGESTION_KINDS_EXCLUDED = ("heading", "footnote")
SUGGESTION_MIN_CHARS = 20
#: Characters either side of a citation in a cited snippet, and the longest suggestion snippet.
SNIPPET_CONTEXT = 40
SNIPPET_MAX = 120
#: The longest query text sent to the similarity search (the whole text is used for re-scoring).
#: Long queries make the full-text search slow on a large index (an OR of every term), and the
#: opening of a mandate or recommendation (verb, addressee, action) carries what it asks.
QUERY_MAX = 200


@dataclass(frozen=True)
class CitedItem:
    """A paragraph that cites the target. For a footnote, ``anchor`` is the paragraph carrying its
    marker (the body text the citation supports)."""

    paragraph_id: str
    label: str
    relation: str
    pinpoint: str | None
    cited: str
    snippet: str
    anchor: str | None = None
    review: dict | None = None


@dataclass(frozen=True)
class CitedGroup:
    """The citing paragraphs of one document."""

    document_id: str
    document_label: str
    year: int | None
    date: str | None
    items: tuple[CitedItem, ...]


@dataclass(frozen=True)
class Suggestion:
    """A later paragraph textually close to the target that does not cite it: a suggestion only."""

    paragraph_id: str
    document_id: str
    label: str
    year: int | None
    similarity: float
    score: float | None
    snippet: str
    suggested: bool = True
    review: dict | None = None


@dataclass(frozen=True)
class Followup:
    """The follow-up of ``target``; ``status`` is one of ``STATUSES``. ``title`` is the title of the
    target (None for a paragraph), ``text`` what the target says when known (a paragraph's text)."""

    target: str
    label: str
    kind: str
    title: str | None
    year: int | None
    status: str
    cited: tuple[CitedGroup, ...]
    suggested: tuple[Suggestion, ...]
    text: str | None = None
    review: dict | None = None
    added: tuple[Any, ...] = ()

    @property
    def cited_count(self) -> int:
        """How many citing paragraphs."""
        return sum(len(g.items) for g in self.cited)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["counts"] = {"cited": self.cited_count, "suggested": len(self.suggested), "added": len(self.added)}
        return data


def followup(graph: nx.MultiDiGraph, ref: str, similar: Similar | None = None, limit: int = 10) -> Followup:
    """The follow-up of what ``ref`` names (``11/6``, ``11/6¶27``, ``CTOC/COP/WG.6/2017/4#23``, a
    symbol). Without ``similar`` there are no suggestions."""
    return followup_of(graph, resolve(graph, ref), similar, limit)


def followup_of(graph: nx.MultiDiGraph, target: Target, similar: Similar | None = None,
                limit: int = 10, *, suggest_when_cited: bool = True) -> Followup:
    """The follow-up of a resolved target. With ``suggest_when_cited=False`` no suggestions are
    looked up for a target that has cited follow-up (its status does not need them)."""
    attrs = graph.nodes[target.node]
    items = _cited_items(graph, target)
    text = target_text(graph, target)
    wanted = similar and text and (suggest_when_cited or not items)
    cited_ids = {item.paragraph_id for _, item in items} | {item.anchor for _, item in items if item.anchor}
    suggestions = _suggestions(graph, target, text, similar, limit, cited_ids) if wanted else []
    status = STATUS_CITED if items else STATUS_SUGGESTED if suggestions else STATUS_NONE
    label = attrs.get("label") or target.node
    if target.key:
        para = graph.nodes.get(target.id, {})
        label = para.get("label") or f"{label}, para. {target.key}"
    return Followup(target=target.id, label=label, kind="paragraph" if target.key else attrs.get("kind", ""),
                    title=None if target.key else attrs.get("title"), year=attrs.get("year"), status=status,
                    cited=_group(graph, items), suggested=tuple(suggestions),
                    text=text if target.key or attrs.get("kind") == "paragraph" else None)


def target_text(graph: nx.MultiDiGraph, target: Target) -> str:
    """What the target says, as a similarity query: a paragraph's text, else a node's title."""
    node = graph.nodes.get(target.id) if target.key else graph.nodes[target.node]
    if node and node.get("kind") == "paragraph":
        return node.get("text") or ""
    return (node or {}).get("title") or ""


def _cited_items(graph: nx.MultiDiGraph, target: Target) -> list[tuple[str, CitedItem]]:
    """(citing document, item) for every citation of the target from another document."""
    home = container(graph, target.node)
    out = []
    for source, cited, data in citations_into(graph, target.node, with_parts=not target.key):
        if target.key and target.key not in data.get("paragraphs", ()):
            continue
        citing = container(graph, source)
        if citing == home:
            continue
        src = graph.nodes[source]
        out.append((citing, CitedItem(paragraph_id=source, label=src.get("label") or source,
                                      relation=data["relation"], pinpoint=data.get("pinpoint"),
                                      cited=cited, snippet=_window(src.get("text") or "", data),
                                      anchor=src.get("anchor"))))
    return out


def _group(graph: nx.MultiDiGraph, items: list[tuple[str, CitedItem]]) -> tuple[CitedGroup, ...]:
    """Items grouped by citing document, documents ordered by year, then date, then label."""
    by_doc: dict[str, list[CitedItem]] = {}
    for doc_id, item in items:
        by_doc.setdefault(doc_id, []).append(item)
    groups = [CitedGroup(document_id=d, document_label=graph.nodes[d].get("label") or d,
                         year=graph.nodes[d].get("year"), date=graph.nodes[d].get("date"),
                         items=tuple(its)) for d, its in by_doc.items()]
    return tuple(sorted(groups, key=lambda g: (g.year is None, g.year or 0, g.date or "", g.document_label)))


def _window(text: str, edge: dict[str, Any]) -> str:
    """The citation in context: ``SNIPPET_CONTEXT`` characters either side, with ellipses."""
    start, end = edge.get("start") or 0, edge.get("end") or 0
    left, right = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _suggestions(graph: nx.MultiDiGraph, target: Target, text: str, similar: Similar, limit: int,
                 citing: set[str]) -> list[Suggestion]:
    """Close, later paragraphs of other documents that are not among the ``citing`` ones (nor carry
    a citing footnote), best first.
    (For a paragraph target, a paragraph citing the resolution without naming that paragraph may be
    suggested: it does not cite *it*.)"""
    home = container(graph, target.node)
    when = graph.nodes[home].get("date") or graph.nodes[target.node].get("date")
    year = graph.nodes[home].get("year") or graph.nodes[target.node].get("year")
    score_of = scorer(graph, text)
    out = []
    for hit in similar(text[:QUERY_MAX], limit * 3, home):
        pid = getattr(hit, "paragraph_id", None)
        node = graph.nodes.get(pid)
        if not node or pid in citing or node.get("document") == home or not _may_follow(node, year, when):
            continue
        score = score_of(pid, node.get("text") or "")
        if score >= MIN_SIMILARITY:
            out.append(Suggestion(paragraph_id=pid, document_id=node["document"], label=node.get("label") or pid,
                                  year=node.get("year"), similarity=round(score, 3),
                                  score=getattr(hit, "score", None), snippet=_head(node.get("text") or "")))
    out.sort(key=lambda s: (-s.similarity, s.paragraph_id))
    return out[:limit]


def _may_follow(node: dict[str, Any], year: int | None, when: str | None) -> bool:
    """Whether a paragraph can be suggested: body text (not a heading or footnote) of some length,
    not dated before the target (by full ISO dates when both have one, else by year)."""
    if node.get("para_kind") in SUGGESTION_KINDS_EXCLUDED or len(node.get("text") or "") < SUGGESTION_MIN_CHARS:
        return False
    date = node.get("date") or ""
    if when and len(when) == len(date) == len("2018-02-21"):
        return date >= when
    return not (year and node.get("year") and node["year"] < year)


def _head(text: str) -> str:
    return text if len(text) <= SNIPPET_MAX else text[:SNIPPET_MAX] + "…"


def paragraph_target(node_id: str) -> Target:
    """The Target of a paragraph node id ``<doc>¶<key>``."""
    return Target(*split_paragraph(node_id))

