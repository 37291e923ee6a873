"""Textual closeness of two paragraphs, for suggested follow-up: cosine of character-bigram vectors
weighted by inverse document frequency over the graph's paragraphs.

Chinese has no word spaces, and the jieba tokens are not part of the graph, so character bigrams are
the unit. IDF weighting matters: the boilerplate of this family ("《联合国打击跨国有组织犯罪公约》",
"毒品和犯罪问题办公室") is in most paragraphs and would otherwise make everything look alike.
Document frequencies are estimated on an evenly spaced sample of paragraphs and cached on the graph
(``graph.graph["_bigram_idf"]``; adding or removing a document drops the cache).
"""

from __future__ import annotations

import math
from collections import Counter

import networkx as nx

#: Most paragraphs read to estimate document frequencies (evenly spaced, so deterministic).
IDF_SAMPLE = 5000
#: Where the IDF table is cached on the graph.
IDF_CACHE = "_bigram_idf"

Idf = tuple[dict[str, float], float]


def bigrams(text: str) -> Counter:
    """Character bigrams of the text without whitespace."""
    chars = "".join(text.split())
    return Counter(chars[i:i + 2] for i in range(len(chars) - 1))


def idf_table(graph: nx.MultiDiGraph) -> Idf:
    """Smoothed IDF per bigram (``log((1+n)/(1+df)) + 1``) and the value for an unseen bigram."""
    cached = graph.graph.get(IDF_CACHE)
    if cached is not None:
        return cached
    texts = [a.get("text") or "" for _, a in graph.nodes(data=True) if a.get("kind") == "paragraph"]
    sample = texts[::max(1, len(texts) // IDF_SAMPLE)]
    frequencies: Counter = Counter()
    for text in sample:
        frequencies.update(set(bigrams(text)))
    n = len(sample)
    table = ({gram: math.log((1 + n) / (1 + df)) + 1 for gram, df in frequencies.items()}, math.log(1 + n) + 1)
    graph.graph[IDF_CACHE] = table
    return table


def similarity(a: Counter, b: Counter, idf: Idf) -> float:
    """Cosine of the IDF-weighted bigram vectors of two texts (0 when either is empty)."""
    if not a or not b:
        return 0.0
    weights, unseen = idf
    va = {g: c * weights.get(g, unseen) for g, c in a.items()}
    vb = {g: c * weights.get(g, unseen) for g, c in b.items()}
    dot = sum(w * vb[g] for g, w in va.items() if g in vb)
    return dot / (math.sqrt(sum(w * w for w in va.values())) * math.sqrt(sum(w * w for w in vb.values())))
