"""Registries of mandates and recommendations, one row each, with their follow-up status.

- Mandates: the paragraphs whose role is ``mandate`` (an operative paragraph that requests, invites,
  urges … someone), with addressee and verb.
- Recommendations: the paragraphs whose role is ``recommendation``, plus every cited numbered
  recommendation (``recommendation:CTOC/COP/WG.6/2017/4#23``) whose text is not in the corpus: those
  rows carry the report's symbol and an empty text, and are marked ``in_corpus = False``.

Each recommendation row has a ``kind`` (``ingest.roles.recommendation_kinds``): adopted (a working
group's own report; a cited numbered recommendation is one of a report's), reported (a later document
saying the group recommended it) or proposed (a Secretariat point for discussion); the registry lists
adopted and reported unless asked for other kinds. Addressee filters go through the alias table
(graphs/name_forms.py). Human reviews (index/reviews.py) are merged in by the caller
(``with_reviews``): ``review_status``, ``reviewer``, ``review_note``, ``reviewed_at``, shown apart
from the computed ``status``.

CSV files are written in UTF-8 with a BOM (``utf-8-sig``) so that spreadsheet programs open the
Chinese text intact.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import networkx as nx

from graphs.edges import container
from graphs.followup import STATUS_CITED, Similar, followup_of, paragraph_target
from graphs.name_forms import addressee_matches
from graphs.resolve import Target, resolve
from ingest.roles import RECOMMENDATION_KINDS

#: Kinds of recommendation a registry lists when none are asked for.
DEFAULT_KINDS = ("adopted", "reported")

#: Extra candidates asked for per text in a registry, since the search is shared by every document
#: with that text and the asking document's own paragraphs are dropped afterwards.
SAME_DOCUMENT_ROOM = 20

#: A year filter: ``2018``, ``2014..2018``, ``2014..`` or ``..2018`` (as the search command takes it).
YEAR_RANGE = re.compile(r"^\s*(?P<low>\d{4})?\s*(?P<dots>\.\.)?\s*(?P<high>\d{4})?\s*$")


@dataclass(frozen=True)
class RegistryRow:
    """One mandate or recommendation. ``source`` is the citable name of the document that holds it,
    ``paragraph`` its key (the recommendation number for a cited one), ``id`` the paragraph or
    recommendation id; ``status`` one of cited / suggested only / none, ``followups`` the number of
    citing paragraphs, ``suggestions`` the number of suggested ones (None when not looked up: a row
    with cited follow-up, or no similarity search given). ``kind`` is adopted / reported / proposed
    for a recommendation (None for a mandate). The ``review_*`` fields are the latest human review
    of the row (None when nobody reviewed it)."""

    id: str
    source: str
    source_id: str
    paragraph: str
    label: str
    year: int | None
    addressee: str | None
    verb: str | None
    text: str
    status: str
    followups: int
    suggestions: int | None
    in_corpus: bool
    kind: str | None = None
    review_status: str | None = None
    reviewer: str | None = None
    review_note: str | None = None
    reviewed_at: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def mandates(graph: nx.MultiDiGraph, *, addressee: str | None = None, resolution: str | None = None,
             similar: Similar | None = None) -> list[RegistryRow]:
    """Every mandate paragraph, optionally only those addressed to ``addressee`` (an addressee or any
    alias of one: ``UNODC`` = ``毒品和犯罪问题办公室``; else a substring) or in the resolution/document
    ``resolution`` names."""
    home = resolve(graph, resolution).node if resolution else None
    nodes = [n for n, a in graph.nodes(data=True) if a.get("kind") == "paragraph"
             and "mandate" in a.get("roles", ()) and (home is None or a.get("document") == home)
             and _addressed(a.get("addressee"), addressee)]
    return _rows(graph, nodes, similar)


def recommendations(graph: nx.MultiDiGraph, *, year: str | int | None = None, addressee: str | None = None,
                    similar: Similar | None = None, kinds: Sequence[str] | None = None) -> list[RegistryRow]:
    """Every recommendation paragraph and cited recommendation of ``kinds`` (default: adopted and
    reported), optionally of the years ``year`` (``2017`` or ``2014..2018``) and addressed to
    ``addressee`` (as for mandates; cited recommendations, whose addressee is unknown, drop out
    under an addressee filter)."""
    low, high = parse_years(year)
    wanted = parse_kinds(kinds)
    nodes = []
    for node, attrs in graph.nodes(data=True):
        kind = recommendation_kind(attrs)
        when = attrs.get("year")
        if kind in wanted and _addressed(attrs.get("addressee"), addressee) and \
                (low is None or (when is not None and low <= when)) and \
                (high is None or (when is not None and when <= high)):
            nodes.append(node)
    return _rows(graph, nodes, similar)


def recommendation_kind(attrs: dict) -> str | None:
    """The kind of a recommendation node or paragraph (None for anything else): a paragraph's
    ``rec_kind``; a cited numbered recommendation is one a report adopted."""
    if attrs.get("kind") == "recommendation":
        return "adopted"
    if attrs.get("kind") == "paragraph" and "recommendation" in attrs.get("roles", ()):
        return attrs.get("rec_kind") or "proposed"
    return None


def parse_kinds(kinds: Sequence[str] | str | None) -> tuple[str, ...]:
    """``None`` -> the default kinds; ``"all"`` -> every kind; else the kinds named (a list, or one
    comma-separated string); an unknown kind raises ValueError naming the choices."""
    if kinds is None or kinds == [] or kinds == ():
        return DEFAULT_KINDS
    given = [kinds] if isinstance(kinds, str) else list(kinds)
    names = [part.strip() for item in given for part in item.split(",") if part.strip()]
    if "all" in names:
        return RECOMMENDATION_KINDS
    bad = [k for k in names if k not in RECOMMENDATION_KINDS]
    if bad or not names:
        raise ValueError(f"kind {', '.join(bad) or '(empty)'!r}: choose among {', '.join(RECOMMENDATION_KINDS)} or all")
    return tuple(names)


def parse_years(year: str | int | None) -> tuple[int | None, int | None]:
    """``2017`` -> (2017, 2017); ``2014..2018`` -> (2014, 2018); ``2014..`` -> (2014, None)."""
    if year is None or year == "":
        return None, None
    match = YEAR_RANGE.match(str(year))
    if not match or not (match["low"] or match["high"]) or (not match["dots"] and not match["low"]):
        raise ValueError(f"year {year!r} is not YYYY or YYYY..YYYY")
    low = int(match["low"]) if match["low"] else None
    high = int(match["high"]) if match["high"] else None
    return (low, low) if not match["dots"] else (low, high)


def _addressed(value: str | None, wanted: str | None) -> bool:
    return addressee_matches(value, wanted)


def _rows(graph: nx.MultiDiGraph, nodes: list[str], similar: Similar | None) -> list[RegistryRow]:
    """One row per node, ordered by year, source and paragraph number. Suggestions for identical
    texts are looked up once."""
    cached = _cache_by_text(similar) if similar else None
    rows = [_row(graph, node, cached) for node in nodes]
    return sorted(rows, key=lambda r: (r.year is None, r.year or 0, r.source, _number_key(r.paragraph)))


def _row(graph: nx.MultiDiGraph, node: str, similar: Similar | None) -> RegistryRow:
    attrs = graph.nodes[node]
    if attrs["kind"] == "paragraph":
        target = paragraph_target(node)
        source_id, paragraph = attrs["document"], attrs["key"]
    else:
        target = Target(node)
        source_id = container(graph, node)          # the recommendation's report
        paragraph = attrs.get("number") or ""
    result = followup_of(graph, target, similar, suggest_when_cited=False)
    looked_up = similar is not None and result.status != STATUS_CITED
    source = graph.nodes[source_id].get("label") or source_id
    return RegistryRow(id=node, source=source, source_id=source_id, paragraph=paragraph,
                       label=attrs.get("label") or node, year=attrs.get("year"),
                       addressee=attrs.get("addressee"), verb=attrs.get("verb"), text=attrs.get("text") or "",
                       status=result.status, followups=result.cited_count,
                       suggestions=len(result.suggested) if looked_up else None,
                       in_corpus=bool(attrs.get("in_corpus")), kind=recommendation_kind(attrs))


def _cache_by_text(similar: Similar) -> Similar:
    """``similar`` remembering its answers per text: asked once per distinct text without excluding a
    document, with room for the excluded document's own hits, which are dropped here. Mandates repeat
    word for word across resolutions ("请毒品和犯罪问题办公室继续…"), so this saves most searches."""
    memo: dict[tuple[str, int], Sequence] = {}

    def cached(text: str, limit: int, exclude_document: str | None = None) -> Sequence:
        key = (text, limit)
        if key not in memo:
            memo[key] = similar(text, limit + SAME_DOCUMENT_ROOM, None)
        hits = [h for h in memo[key] if getattr(h, "document_id", None) != exclude_document]
        return hits[:limit]
    return cached


def _number_key(key: str) -> tuple:
    """Sort paragraph keys naturally: PP2 < PP10, 2 < 10."""
    match = re.match(r"^(\D*)(\d+)", key)
    return (match.group(1), int(match.group(2)), key) if match else (key, 0, key)


#: Column order of the registry CSV.
CSV_COLUMNS = tuple(f.name for f in fields(RegistryRow))


def rows_to_csv(rows: Sequence[RegistryRow], path: str | Path | None = None) -> str:
    """The rows as CSV text (header first). With ``path`` the file is written in ``utf-8-sig``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.to_dict().items()})
    text = buffer.getvalue()
    if path is not None:
        try:
            Path(path).write_text(text, encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise ValueError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return text
