"""whoosh queries scored over whole posting lists at once (numpy), instead of one match at a time;
facet columns read as arrays of codes.

whoosh scores a query by walking a tree of matchers in Python, one call per match and per level:
~0.5 s for ``非法贩运 枪支`` at 100× (~55,000 paragraphs, ~40,000 matches). This module computes the
same scores for the same queries with array arithmetic, per segment:

* a ``Term`` reads its postings block by block (ids and term weights) and scores them with the
  searcher's BM25F — the same formula, constants, global idf and average field length, and the
  segment's byte-encoded field lengths — times its boost;
* ``Or`` adds the scores of the children a paragraph matches, ``And`` requires all and adds them,
  ``AndNot`` keeps the first's score, ``DisjunctionMax`` takes the best plus ``tiebreak`` times the
  others (``index.dismax``), ``Every`` scores its boost;
* a query with a ``verified(leaf_searcher)`` method (``index.whoosh_engine.VerifiedPhrase``) gives
  its own ids and scores.

The top hits are then the highest scores, ties to the lower docnum (whoosh's TopCollector order).
Anything else raises :class:`Unsupported` and the caller searches through whoosh itself.
Posting blocks and the field-length column are read as whoosh-reloaded 2.7.5 (pinned) stores them;
other matchers and columns go through whoosh's public per-posting calls. Nothing is cached per query:
only the segment's field lengths and deletions, once per open segment reader.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query, scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import _length_byte_cache

from index.dismax import DisjunctionMax

#: Field length of every length byte (whoosh stores lengths as one lossy byte per field).
BYTE_LENGTHS = np.array(_length_byte_cache, dtype=np.float64)


class Unsupported(Exception):
    """A query or weighting this module does not score like whoosh: use whoosh's own search."""


@dataclass
class Scored:
    """The paragraphs a query matches (``mask``, by docnum) and their scores (0 elsewhere)."""

    mask: np.ndarray
    scores: np.ndarray


class _Leaf:
    """One segment: its searcher, the top-level searcher (global statistics) and cached columns."""

    def __init__(self, leaf, top) -> None:
        self.searcher, self.top = leaf, top
        self.reader = leaf.reader()
        self.size = self.reader.doc_count_all()
        weighting = top.weighting
        if type(weighting) is not scoring.BM25F:
            raise Unsupported(f"weighting {type(weighting).__name__}")
        self.weighting = weighting
        self._postings: dict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = {}

    def postings(self, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
        """:func:`postings`, read once per query (a word and its sub-word share a term: 贩运)."""
        key = (fieldname, text)
        if key not in self._postings:
            self._postings[key] = postings(self.reader, fieldname, text)
        return self._postings[key]

    def empty(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    def live(self) -> np.ndarray:
        """The segment's undeleted documents."""
        cache = _reader_cache(self.reader)
        if "live" not in cache:
            live = np.ones(self.size, dtype=bool)
            deleted = self.reader.deleted_docs_set if self.reader.has_deletions() else ()
            if deleted:
                live[np.fromiter(deleted, dtype=np.int64)] = False
            cache["live"] = live
        return cache["live"]

    def lengths(self, fieldname: str) -> np.ndarray:
        """The segment's field lengths of ``fieldname`` by docnum, as whoosh's scorer reads them
        (1 when the field stores none)."""
        cache = _reader_cache(self.reader)
        key = ("lengths", fieldname)
        if key not in cache:
            cache[key] = self._read_lengths(fieldname)
        return cache[key]

    def _read_lengths(self, fieldname: str) -> np.ndarray:
        perdoc = getattr(self.reader, "_perdoc", None)
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if hasattr(
            perdoc, "_cached_reader") else False
        if column is None:
            return np.ones(self.size)
        if type(column) is NumericColumn.Reader and column._fixedlen == 1:  # one byte per docnum, read at once
            codes = np.zeros(self.size, dtype=np.int64)
            count = min(column._count, self.size)
            codes[:count] = np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)
            return BYTE_LENGTHS[codes]
        return np.array([self.searcher.doc_field_length(d, fieldname, 1) or 0 for d in range(self.size)],
                        dtype=np.float64)


def _reader_cache(reader) -> dict:
    cache = getattr(reader, "_wgkb_scoring", None)
    if cache is None:
        cache = {}
        try:
            reader._wgkb_scoring = cache
        except AttributeError:
            pass
    return cache


def postings(reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """Ids and weights of one term in one segment (deleted documents included), block by block."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if type(matcher) is W3LeafMatcher and not matcher._byteids:
        return _blocks(matcher)
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():  # an inlined posting (ListMatcher) or another matcher: one by one
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)


def _blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """A whoosh 3 posting list read block by block: each block stores its ids as differences
    starting from 0 and its last id in its header, so one cumulative sum over all blocks (the first
    difference of each block made relative to the previous block's last id) gives every id."""
    deltas: list[int] = []
    weights: list[float] = []
    last = 0
    while matcher.is_active():
        matcher._read_data()
        ids, block_weights, _values = matcher._data
        count = matcher._blocklength
        first = len(deltas)
        deltas.extend(ids)
        deltas[first] -= last
        last = matcher._maxid
        if block_weights is None:  # whoosh's minified forms: all 1.0, or all one value
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        matcher._next_block()
    return np.cumsum(np.array(deltas, dtype=np.int64)), np.array(weights, dtype=np.float64)


def evaluate(leaf: _Leaf, q: query.Query) -> Scored:
    """The paragraphs of ``leaf`` that ``q`` matches and their whoosh scores (deleted ones
    included: :func:`score` drops them)."""
    kind = type(q)
    if kind is query.Term:
        return _term(leaf, q)
    if q is query.NullQuery or kind is type(query.NullQuery):
        return leaf.empty()
    if kind is query.Every and not q.fieldname:
        return Scored(np.ones(leaf.size, dtype=bool), np.full(leaf.size, float(q.boost)))
    if callable(getattr(q, "verified", None)):
        ids, weights = q.verified(leaf.searcher)
        return _dense(leaf, np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64))
    if kind is query.AndNot:
        a, b = evaluate(leaf, q.a), evaluate(leaf, q.b)
        return Scored(a.mask & ~b.mask, np.where(b.mask, 0.0, a.scores))
    if kind in (query.And, query.Or, DisjunctionMax):
        return _compound(leaf, q)
    raise Unsupported(f"query {kind.__name__}")


def _compound(leaf: _Leaf, q: query.Query) -> Scored:
    """And / Or / DisjunctionMax: whoosh ignores the boost of a compound with one child."""
    if type(q) is query.Or and (q.scale or q.minmatch):
        raise Unsupported("Or with scale or minmatch")
    subs = q.subqueries
    if not subs:
        return leaf.empty()
    if len(subs) == 1:
        return evaluate(leaf, subs[0])
    parts = [evaluate(leaf, s) for s in subs]
    if type(q) is query.And:
        mask = np.logical_and.reduce([p.mask for p in parts])
        total = _sum(parts)
    elif type(q) is query.Or:
        mask = np.logical_or.reduce([p.mask for p in parts])
        total = _sum(parts)
    else:
        mask = np.logical_or.reduce([p.mask for p in parts])
        best = np.full(leaf.size, -np.inf)
        for p in parts:
            best = np.where(p.mask, np.maximum(best, p.scores), best)
        best = np.where(mask, best, 0.0)
        total = best + q.tiebreak * (_sum(parts) - best)
    if q.boost != 1.0:
        total = total * q.boost
    return Scored(mask, np.where(mask, total, 0.0))


def _sum(parts: list[Scored]) -> np.ndarray:
    """Scores added in the children's order (a paragraph a child misses adds its 0)."""
    total = np.zeros_like(parts[0].scores)
    for p in parts:
        total = total + p.scores
    return total


def _term(leaf: _Leaf, q: query.Term) -> Scored:
    """One term: BM25F as ``whoosh.scoring.BM25FScorer`` computes it, times the boost."""
    schema = leaf.top.schema
    if q.fieldname not in schema:
        return leaf.empty()
    field = schema[q.fieldname]
    try:
        text = field.to_bytes(q.text)
    except ValueError:
        return leaf.empty()
    if (q.fieldname, text) not in leaf.reader:
        return leaf.empty()
    ids, tf = leaf.postings(q.fieldname, text)
    if field.scorable:
        w = leaf.weighting
        idf = leaf.top.idf(q.fieldname, text)
        avgfl = leaf.top.avg_field_length(q.fieldname) or 1
        B, K1 = w._field_B.get(q.fieldname, w.B), w.K1
        fl = leaf.lengths(q.fieldname)[ids]
        scores = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
    else:
        scores = tf
    if q.boost != 1.0:
        scores = scores * q.boost
    return _dense(leaf, ids, scores)


def _dense(leaf: _Leaf, ids: np.ndarray, scores: np.ndarray) -> Scored:
    out = leaf.empty()
    out.mask[ids] = True
    out.scores[ids] = scores
    return out


def score(searcher, q: query.Query) -> Scored:
    """What ``q`` matches in the whole index (docnums as the searcher numbers them) and the scores
    whoosh would give; deleted paragraphs never match."""
    masks, scores = [], []
    for leaf, _offset in searcher.leaf_searchers():
        part = _Leaf(leaf, searcher)
        got = evaluate(part, q)
        masks.append(got.mask & part.live())
        scores.append(got.scores)
    if len(masks) == 1:
        return Scored(masks[0], scores[0])
    return Scored(np.concatenate(masks), np.concatenate(scores))


def top(scored: Scored, allowed: np.ndarray | None, limit: int) -> list[tuple[int, float]]:
    """The best ``limit`` ``(docnum, score)`` among matches (within ``allowed``), highest score
    first, ties to the lower docnum."""
    if limit <= 0:
        return []
    mask = scored.mask if allowed is None else scored.mask & allowed
    docnums = np.flatnonzero(mask)
    values = scored.scores[docnums]
    if limit < len(docnums):
        kth = np.partition(values, len(values) - limit)[len(values) - limit]  # the limit-th best score
        above = values > kth
        tied = np.flatnonzero(values == kth)[:limit - int(above.sum())]
        keep = np.concatenate([np.flatnonzero(above), tied])
        docnums, values = docnums[keep], values[keep]
    order = np.lexsort((docnums, -values))
    return [(int(d), float(s)) for d, s in zip(docnums[order], values[order], strict=True)]


def leaf_matches(leaf, q: query.Query) -> list[tuple[int, float]]:
    """``(docnum, score)`` of every undeleted paragraph of one segment's searcher ``leaf`` that
    ``q`` matches, by docnum (scores with the statistics of ``leaf``'s parent searcher)."""
    try:
        part = _Leaf(leaf, leaf.get_parent())
        got = evaluate(part, q)
    except Unsupported:  # whoosh's own matcher, one match at a time
        matcher, out = q.matcher(leaf), []
        while matcher.is_active():
            out.append((matcher.id(), matcher.score()))
            matcher.next()
        return out
    docnums = np.flatnonzero(got.mask & part.live())
    return list(zip(docnums.tolist(), got.scores[docnums].tolist(), strict=True))


def column_codes(searcher, fieldname: str) -> tuple[list, np.ndarray]:
    """A column field of every docnum as codes into its distinct values: ``(values, codes)`` with
    ``values[codes[docnum]]`` the field's (translated) value. Variable-length columns are read as one
    block per segment and only the distinct values are translated."""
    field = searcher.schema[fieldname]
    index: dict[bytes, int] = {}
    parts = []
    for leaf, _offset in searcher.leaf_searchers():
        column = leaf.reader().column_reader(fieldname, translate=False)
        parts.append(np.array([index.setdefault(v, len(index)) for v in _raw_values(column)], dtype=np.int64))
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return [field.from_column_value(v) for v in index], codes


def _raw_values(column) -> list:
    """The stored values of one segment's column, in docnum order."""
    if type(column) is not VarBytesColumn.Reader:
        return list(column)
    lengths = column._lengths
    blob = column._dbfile.get(column._basepos, sum(lengths))
    out, at = [], 0
    for length in lengths:
        out.append(blob[at:at + length])
        at += length
    return out
