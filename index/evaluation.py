"""Relevance measures over a judged query set: nDCG@k and MRR (engine-neutral).

A judged set is a TOML file of ``[[query]]`` tables with ``q`` (the query as typed), optionally
``id``, ``kind`` (keyword, question, english, traditional, alias, citation, filters …), ``filters``
(search options: year, doc_type, role …) and the grades: ``judged`` (paragraph id -> grade 0..2,
every passage the judge graded, 0 = not relevant) or, in the older form, ``relevant`` (grade 1..3).
Passages not graded count 0. Paragraphs without a printed number (headings ``h<n>``, text blocks
``t<n>``, whose keys move when segmentation improves) are named by an anchor ``<document id>@<start
of the text>`` instead (:func:`anchor`), resolved by :func:`resolve`. An engine is any callable
``search(query, k, **filters) -> list[paragraph id]`` ranked best first.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

#: Cut-off of nDCG (the first page of results).
K = 10
#: A leading enumeration ignored when matching an anchor: "1. " "A. " "二． " "(a) ".
ENUMERATION = re.compile(r"^(?:[0-9A-Z]{1,3}|[一二三四五六七八九十]{1,3})[.．]|^\([a-z]\)")


@dataclass(frozen=True)
class Judged:
    """One judged query: the text typed, its kind, its filters and the graded paragraphs (grade 0
    kept: judged not relevant)."""

    q: str
    relevant: dict[str, int]
    style: str = ""
    kind: str = ""
    filters: dict = field(default_factory=dict)
    id: str = ""


@dataclass(frozen=True)
class Score:
    """The measures of one query on one engine."""

    q: str
    ndcg: float
    rr: float


#: Whitespace and the `` | `` between table cells (ingest keeps tables as rows of cells) are ignored
#: when anchors are matched.
_CELLS = re.compile(r"\s|(?<=\s)\|(?=\s)")

def load_judged(path: str | Path) -> list[Judged]:
    """The judged queries of a TOML file (ValueError naming the query when a grade is not 1..3)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for entry in data.get("query", []):
        graded = "judged" in entry
        grades = {str(k): int(v) for k, v in entry.get("judged" if graded else "relevant", {}).items()}
        allowed = (0, 1, 2) if graded else (1, 2, 3)
        bad = [k for k, v in grades.items() if v not in allowed]
        if bad or not (grades or graded):
            raise ValueError(f"{path}: query {entry.get('q')!r}: grades must be {allowed} and not empty "
                             f"({bad[:3]})")
        style = entry.get("style", "")
        out.append(Judged(entry["q"], grades, style, entry.get("kind", "") or style.split(":")[0].strip(),
                          dict(entry.get("filters", {})), str(entry.get("id", ""))))
    return out


def resolve(judged: list[Judged], documents: Iterable) -> list[Judged]:
    """Anchored entries (``<doc id>@<start of text>``) replaced by the ids of the paragraphs of that
    document whose text (whitespace and leading enumeration ignored) starts with it — or, when none
    does (the block was merged into a paragraph), that contain it. ValueError naming the anchor when
    nothing matches."""
    texts: dict[str, list[tuple[str, str]]] = {}
    for document in documents:
        texts[document.id] = [(document.paragraph_id(p.key), ENUMERATION.sub("", _CELLS.sub("", p.text)))
                              for p in document.paragraphs]
    out = []
    for item in judged:
        relevant: dict[str, int] = {}
        for key, grade in item.relevant.items():
            doc_id, at, quote = key.partition("@")
            if not at:
                relevant[key] = max(grade, relevant.get(key, 0))
                continue
            candidates = texts.get(doc_id, [])
            found = ([pid for pid, text in candidates if text.startswith(quote)]
                     or [pid for pid, text in candidates if quote in text])
            if not found:
                raise ValueError(f"judged query {item.q!r}: no paragraph of {doc_id} holds {quote!r}")
            for pid in found:
                relevant[pid] = max(grade, relevant.get(pid, 0))
        out.append(replace(item, relevant=relevant))
    return out


def anchor(document, key: str) -> str:
    """The id a judged set names a paragraph by: ``<doc id>¶<key>`` for printed numbers, preamble
    paragraphs and footnotes, ``<doc id>@<start of its text>`` (the shortest start of 12+ characters
    no other paragraph of the document shares) for headings and text blocks, whose ``h<n>``/``t<n>``
    keys move when segmentation changes."""
    if not re.fullmatch(r"[ht]\d+", key):
        return document.paragraph_id(key)
    texts = {p.key: ENUMERATION.sub("", _CELLS.sub("", p.text)) for p in document.paragraphs}
    own = texts[key]
    others = [t for k, t in texts.items() if k != key]
    for size in range(min(12, len(own)), len(own) + 1):
        if not any(t.startswith(own[:size]) for t in others):
            return f"{document.id}@{own[:size]}"
    return f"{document.id}@{own}"


def dcg(grades: Iterable[int]) -> float:
    """Discounted cumulative gain with exponential gain (2^g - 1) / log2(rank + 1)."""
    return sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades))


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    """nDCG@k of one ranking (duplicates count once)."""
    seen, grades = set(), []
    for pid in ranked:
        if pid not in seen:
            seen.add(pid)
            grades.append(relevant.get(pid, 0))
        if len(grades) == k:
            break
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    return dcg(grades) / ideal if ideal else 0.0


def reciprocal_rank(ranked: list[str], relevant: dict[str, int]) -> float:
    """1 / rank of the first relevant paragraph (grade > 0; 0 when none is returned)."""
    for rank, pid in enumerate(ranked, 1):
        if relevant.get(pid, 0) > 0:
            return 1.0 / rank
    return 0.0


def evaluate(search: Callable[..., list[str]], judged: list[Judged], k: int = K) -> list[Score]:
    """Run every judged query through ``search(q, k, **filters)`` and score it."""
    scores = []
    for item in judged:
        ranked = search(item.q, k, **item.filters)
        scores.append(Score(item.q, ndcg(ranked, item.relevant, k), reciprocal_rank(ranked, item.relevant)))
    return scores


def mean(values: Iterable[float]) -> float:
    """Arithmetic mean (0 for nothing)."""
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def answerable(judged: list[Judged]) -> list[Judged]:
    """The queries with at least one passage graded above 0 (nDCG is undefined for the others)."""
    return [item for item in judged if any(g > 0 for g in item.relevant.values())]
