"""A correct disjunction-max for whoosh: the alternatives of one query word (its typed form, aliases,
glossary forms, a phrase) score a paragraph as the best form *it* matches plus a tiebreak share of
the others it matches.

whoosh's own ``DisjunctionMaxMatcher.score`` takes the max over every sub-matcher still active,
wherever it stands, so a paragraph matching only a single-word form got the score of a phrase
matching a later paragraph (issue 10 item 4); its ``replace`` also dropped the tiebreak and
answered nothing when one side ran out. This matcher is flat (one list, no binary tree) and reads
a score only from the sub-matchers positioned on the current paragraph.
"""

from __future__ import annotations

from whoosh import matching, query


class DisjunctionMax(query.DisjunctionMax):
    """``query.DisjunctionMax`` with :class:`DisMaxMatcher`."""

    def _matcher(self, subs, searcher, context):
        matchers = [q.matcher(searcher, context) for q in subs]
        active = [m for m in matchers if m.is_active()]
        if not active:
            return matching.NullMatcher()
        m = active[0] if len(active) == 1 else DisMaxMatcher(active, self.tiebreak)
        return matching.WrappingMatcher(m, self.boost) if self.boost != 1.0 else m


class DisMaxMatcher(matching.Matcher):
    """The union of ``matchers``; score = best score among those on the current id + ``tiebreak``
    times the sum of the others on it."""

    def __init__(self, matchers: list, tiebreak: float = 0.0) -> None:
        self.matchers = matchers
        self.tiebreak = tiebreak
        self._refresh()

    def _refresh(self) -> None:
        """Drop finished sub-matchers and note the current id (the least of the others')."""
        self._live = [m for m in self.matchers if m.is_active()]
        self._id = min(m.id() for m in self._live) if self._live else None

    def _here(self) -> list:
        return [m for m in self._live if m.id() == self._id]

    def is_active(self) -> bool:
        return bool(self._live)

    def id(self) -> int:
        return self._id

    def next(self) -> bool:
        moved = False
        for m in self._here():
            moved = m.next() or moved
        self._refresh()
        return moved

    def skip_to(self, target: int) -> bool:
        moved = False
        for m in self._live:
            if m.id() < target:
                moved = m.skip_to(target) or moved
        self._refresh()
        return moved

    def _combine(self, values: list[float]) -> float:
        best = max(values)
        return best + self.tiebreak * (sum(values) - best)

    def score(self) -> float:
        return self._combine([m.score() for m in self._here()])

    def weight(self) -> float:
        return self._combine([m.weight() for m in self._here()])

    def max_quality(self) -> float:
        return self._combine([m.max_quality() for m in self._live] or [0.0])

    def supports_block_quality(self) -> bool:
        return False

    def supports(self, astype) -> bool:
        return all(m.supports(astype) for m in self._live)

    def value_as(self, astype):
        return self._here()[0].value_as(astype)

    def spans(self) -> list:
        return sorted({s for m in self._here() for s in m.spans()})

    def children(self) -> list:
        return list(self._live)

    def copy(self) -> DisMaxMatcher:
        return DisMaxMatcher([m.copy() for m in self.matchers], self.tiebreak)

    def replace(self, minquality=0):
        if not self._live:
            return matching.NullMatcher()
        return self._live[0].replace(minquality) if len(self._live) == 1 else self

    def reset(self) -> None:
        for m in self.matchers:
            m.reset()
        self._refresh()
