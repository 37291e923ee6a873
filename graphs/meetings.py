"""The meetings registry and the joining of meeting-based recommendation ids to their reports.

The registry is built from what the ingested documents state about meetings
(``ingest.meeting_refs.meeting_facts``: each document's meeting line and sentences naming a working
group's meetings) plus the curated entries of ``corpus/meetings.toml``, each of which names its
source. Facts about one meeting are merged when they share the body and the number, or the body
and the first day; a field two sources state differently is left empty and listed as a conflict.

Ingest emits ``recommendation:CTOC/COP/WG.6@5#20`` for ``工作组第五次会议提出的建议 20``. Once the
registry knows the report of that meeting, ``join_meetings`` moves every citation of it to
``recommendation:CTOC/COP/WG.6/2017/4#20`` (the edge keeps ``via_meeting``); until then the
recommendation keeps its meeting-based id and can be followed under that id. ``@previous`` (``上次
会议``) is the meeting numbered one before the meeting the citing document is for.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from ingest.meeting_refs import MEETINGS_PATH, MeetingFact, document_group, meeting_facts

#: Graph attributes: the registry (list of Meeting) and meeting-based ids joined to report ids.
REGISTRY = "meetings"
JOINED = "joined_meeting_ids"
#: Fields merged from facts, in the order ``wgkb meetings`` shows them.
FIELDS = ("number", "start", "end", "place", "report")


@dataclass(frozen=True)
class Meeting:
    """One meeting or session of ``body``. ``id`` is ``meeting:<body>@<number>`` (or ``@<first day>``
    when the number is not known); ``sources`` says where each piece came from; ``documents`` are the
    ingested documents prepared for it; ``conflicts`` lists fields that sources state differently."""

    id: str
    body: str
    number: int | None
    start: str | None
    end: str | None
    place: str | None
    report: str | None
    sources: tuple[str, ...]
    documents: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_curated(path: str | Path = MEETINGS_PATH) -> list[MeetingFact]:
    """The ``[[meeting]]`` entries of the curated file as facts; an entry without ``source`` or
    ``body`` raises ValueError naming the file and the entry."""
    with Path(path).open("rb") as handle:
        data = tomllib.load(handle)
    facts = []
    for index, entry in enumerate(data.get("meeting", []), 1):
        if not entry.get("source") or not entry.get("body"):
            raise ValueError(f"{path}: meeting entry {index} has no source or no body (every entry names its source)")
        facts.append(MeetingFact(body=entry["body"], number=entry.get("number"), start=entry.get("start"),
                                 end=entry.get("end"), place=entry.get("place"), report=entry.get("report"),
                                 source=f"{Path(path).name}: {entry['source']}"))
    return facts


def graph_facts(graph: nx.MultiDiGraph) -> list[MeetingFact]:
    """Every meeting fact the documents in the graph state."""
    paragraphs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") == "paragraph" and "会议" in (attrs.get("text") or ""):
            paragraphs[attrs["document"]].append((node, attrs["text"]))
    facts = []
    for node, attrs in graph.nodes(data=True):
        if attrs.get("in_corpus") and attrs.get("kind") in ("document", "resolution", "decision"):
            group = document_group(attrs.get("body"), attrs.get("symbol"), attrs.get("meeting"))
            facts.extend(meeting_facts(node, attrs.get("meeting"), group, paragraphs.get(node, [])))
    return facts


def build_registry(facts: list[MeetingFact]) -> list[Meeting]:
    """Merge facts into meetings (same body and number, or same body and first day), ordered by
    body, then first day, then number."""
    clusters = _clusters([f for f in facts if f.number or _full_date(f.start)])
    meetings = [_merge(group) for group in clusters]
    return sorted(meetings, key=lambda m: (m.body, m.start or "9999", m.number or 0))


def _full_date(value: str | None) -> bool:
    return bool(value) and len(value) == len("2017-05-08")


def _clusters(facts: list[MeetingFact]) -> list[list[MeetingFact]]:
    """Facts grouped by union-find over the keys (body, number) and (body, first day)."""
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple, int] = {}
    for i, fact in enumerate(facts):
        keys = [(fact.body, "n", fact.number)] if fact.number else []
        keys += [(fact.body, "d", fact.start)] if _full_date(fact.start) else []
        for key in keys:
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    groups: dict[int, list[MeetingFact]] = defaultdict(list)
    for i, fact in enumerate(facts):
        groups[find(i)].append(fact)
    return list(groups.values())


def _merge(facts: list[MeetingFact]) -> Meeting:
    """One meeting from its facts; a field stated two ways is None and named in ``conflicts``.
    A year-only first day gives way to a full date of the same year."""
    values: dict[str, Any] = {}
    conflicts = []
    for name in FIELDS:
        found = {getattr(f, name) for f in facts if getattr(f, name)}
        if name == "start" and any(_full_date(v) for v in found):
            found = {v for v in found if _full_date(v) or not any(w.startswith(v) for w in found if w != v)}
        if len(found) > 1:
            conflicts.append(f"{name}: " + " / ".join(sorted(map(str, found))))
        values[name] = found.pop() if len(found) == 1 else None
    body = facts[0].body
    key = values["number"] or values["start"] or "?"
    return Meeting(id=f"meeting:{body}@{key}", body=body, sources=tuple(dict.fromkeys(f.source for f in facts)),
                   documents=tuple(dict.fromkeys(f.source.split(" (")[0] for f in facts if f.own)),
                   conflicts=tuple(conflicts), **values)


# --- joining ---------------------------------------------------------------------------------------


def split_meeting_id(node_id: str) -> tuple[str, str, str] | None:
    """``recommendation:CTOC/COP/WG.6@5#20`` -> (``CTOC/COP/WG.6``, ``5``, ``20``); None for any other id."""
    kind, _, rest = node_id.partition(":")
    head, _, number = rest.rpartition("#")
    body, at, meeting = head.partition("@")
    return (body, meeting, number) if kind == "recommendation" and at and number else None


def find_meeting(meetings: list[Meeting], body: str, key: str, citing: str | None = None) -> Meeting | None:
    """The meeting ``key`` names: a number, a first day, or ``previous`` (one before the meeting the
    ``citing`` document is for, when both numbers are known). None unless exactly one fits."""
    of_body = [m for m in meetings if m.body == body]
    if key == "previous":
        own = [m for m in of_body if citing in m.documents and m.number]
        fits = [m for m in of_body if len(own) == 1 and m.number == own[0].number - 1]
    elif key.isdigit():
        fits = [m for m in of_body if m.number == int(key)]
    else:
        fits = [m for m in of_body if m.start == key]
    return fits[0] if len(fits) == 1 else None


def join_meetings(graph: nx.MultiDiGraph, curated: list[MeetingFact] | None = None) -> list[Meeting]:
    """Build the registry from the graph's documents (+ ``curated``), store it on the graph and move
    citations of meeting-based recommendations whose report is known onto the report's
    recommendation. Returns the registry."""
    from graphs.build import PART_OF, ensure_node

    meetings = build_registry(graph_facts(graph) + list(curated if curated is not None else load_curated()))
    graph.graph[REGISTRY] = meetings
    joined: dict[str, str] = graph.graph.setdefault(JOINED, {})
    for node in [n for n in graph if isinstance(n, str) and split_meeting_id(n)]:
        body, key, number = split_meeting_id(node)
        for source, _, edge_key, data in list(graph.in_edges(node, keys=True, data=True)):
            citing = graph.nodes[source].get("document")
            meeting = find_meeting(meetings, body, key, citing)
            if edge_key == PART_OF or meeting is None or not meeting.report:
                continue
            target = f"recommendation:{meeting.report}#{number}"
            ensure_node(graph, target)
            graph.add_edge(source, target, key=edge_key, **{**data, "via_meeting": meeting.id})
            graph.remove_edge(source, node, key=edge_key)
            if key != "previous":
                joined[node] = target
        if not graph.in_degree(node):
            graph.remove_node(node)
        else:
            _describe_unjoined(graph, node, find_meeting(meetings, body, key))
    return meetings


def _describe_unjoined(graph: nx.MultiDiGraph, node: str, meeting: Meeting | None) -> None:
    """A recommendation still known by its meeting: its meeting id and, from the registry, its year."""
    if meeting is None:
        return
    attrs = graph.nodes[node]
    attrs["meeting"] = meeting.id
    when = meeting.start or ""
    if attrs.get("year") is None and when[:4].isdigit():
        attrs["year"] = int(when[:4])
