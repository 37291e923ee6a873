"""Textual closeness of two paragraphs, for suggested follow-up: cosine of character-bigram vectors
weighted by inverse document frequency over the graph's paragraphs.

Chinese has no word spaces, and the jieba tokens are not part of the graph, so character bigrams are
the unit. IDF weighting matters: the boilerplate of this family ("《联合国打击跨国有组织犯罪公约》",
"毒品和犯罪问题办公室") is in most paragraphs and would otherwise make everything look alike.
Document frequencies are estimated on an evenly spaced sample of paragraphs and cached on the graph
(``graph.graph["_bigram_idf"]``, with the vector norm of every paragraph scored so far; adding or
removing a document drops the cache).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx

#: Most paragraphs read to estimate document frequencies (evenly spaced, so deterministic).
IDF_SAMPLE = 5000
#: Where the IDF table is cached on the graph.
IDF_CACHE = "_bigram_idf"
#: Bigram counts kept for recently scored texts (registries score the same candidates many times).
BIGRAM_CACHE = 16384


@dataclass
class IdfTable:
    """Smoothed IDF per bigram (``log((1+n)/(1+df)) + 1``), the value for an unseen bigram, and the
    weighted vector norm of each paragraph already scored (by paragraph id)."""

    weights: dict[str, float]
    unseen: float
    norms: dict[str, float] = field(default_factory=dict)

    def weight(self, gram: str) -> float:
        return self.weights.get(gram, self.unseen)


def bigrams(text: str) -> Counter:
    """Character bigrams of the text without whitespace."""
    chars = "".join(text.split())
    return Counter(chars[i:i + 2] for i in range(len(chars) - 1))


@lru_cache(maxsize=BIGRAM_CACHE)
def _cached_bigrams(text: str) -> Counter:
    return bigrams(text)


def idf_table(graph: nx.MultiDiGraph) -> IdfTable:
    """The graph's IDF table, computed on first use."""
    cached = graph.graph.get(IDF_CACHE)
    if cached is not None:
        return cached
    texts = [a.get("text") or "" for _, a in graph.nodes(data=True) if a.get("kind") == "paragraph"]
    sample = texts[::max(1, len(texts) // IDF_SAMPLE)]
    frequencies: Counter = Counter()
    for text in sample:
        frequencies.update(set(bigrams(text)))
    n = len(sample)
    table = IdfTable({gram: math.log((1 + n) / (1 + df)) + 1 for gram, df in frequencies.items()},
                     math.log(1 + n) + 1)
    graph.graph[IDF_CACHE] = table
    return table


def _norm(counts: Counter, idf: IdfTable) -> float:
    return math.sqrt(sum((c * idf.weight(g)) ** 2 for g, c in counts.items()))


def similarity(a: Counter, b: Counter, idf: IdfTable) -> float:
    """Cosine of the IDF-weighted bigram vectors of two texts (0 when either is empty)."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(c * idf.weight(g) ** 2 * large[g] for g, c in small.items() if g in large)
    return dot / (_norm(a, idf) * _norm(b, idf))


def scorer(graph: nx.MultiDiGraph, text: str) -> Callable[[str, str], float]:
    """``score(paragraph_id, paragraph_text)``: the similarity of ``text`` to that paragraph, with the
    query weighted once and paragraph norms cached on the graph."""
    idf = idf_table(graph)
    query = {g: c * idf.weight(g) for g, c in bigrams(text).items()}
    query_norm = math.sqrt(sum(w * w for w in query.values()))

    def score(paragraph_id: str, paragraph_text: str) -> float:
        counts = _cached_bigrams(paragraph_text)
        if not query_norm or not counts:
            return 0.0
        norm = idf.norms.get(paragraph_id)
        if norm is None:
            norm = idf.norms[paragraph_id] = _norm(counts, idf)
        if len(counts) < len(query):  # walk the smaller side: linear in the shorter text
            dot = sum(c * idf.weight(g) * query[g] for g, c in counts.items() if g in query)
        else:
            dot = sum(w * idf.weight(g) * counts[g] for g, w in query.items() if g in counts)
        return dot / (query_norm * norm)
    return score
