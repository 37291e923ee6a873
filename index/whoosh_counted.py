"""Postings of the fields that give their terms' frequencies (``TokensText.index_counts``: ``text``,
``context``), gathered with C loops while documents are added and grouped by term only when the
segment is written (part of ``index.whoosh_writer``'s pool).

Adding a paragraph appends its terms' numbers, frequencies and docnum to three flat arrays (``map``
and ``array.extend``: no Python step per posting). At flush the arrays are ordered by term (a stable
sort keeps docnums ascending) and cut into one group per term: the docnums, the weights
``freq * boost`` (ints when the boost is a whole number, else floats) and the values: empty (``index.whoosh_postings.Weights``) or the packed
frequencies (``pack_uint``) that whoosh's ``Frequency`` format would have given each posting.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from itertools import count, repeat

import numpy as np
from whoosh.system import pack_uint


class _Packed(dict):
    """Frequency -> ``pack_uint(frequency)``, made on first use."""

    def __missing__(self, freq: int) -> bytes:
        value = self[freq] = pack_uint(freq)
        return value


class CountedField:
    """One field's counted postings, in the order they came."""

    def __init__(self, boost: float, packed: bool = False) -> None:
        self.boost = boost
        #: Whether each posting's value is its packed frequency (whoosh's ``Frequency``) or empty
        #: (``index.whoosh_postings.Weights``).
        self.packed = packed
        self.numbers: defaultdict[str, int] = defaultdict(count().__next__)  # term -> its number
        self.terms = array("I")
        self.freqs = array("I")
        self.docnums = array("I")

    def __len__(self) -> int:
        return len(self.terms)

    def add(self, docnum: int, counts: dict[str, int]) -> None:
        """One document's ``term -> frequency``."""
        self.terms.extend(map(self.numbers.__getitem__, counts))
        self.freqs.extend(counts.values())
        self.docnums.extend(repeat(docnum, len(counts)))

    def sorted_postings(self) -> tuple[tuple[array, array, list], list[tuple[str, int, int]]]:
        """Every posting ordered by term number (docnums ascending within a term) as ``(docnums,
        weights, values)``, and ``(term, start, end)`` of each term's run in them. Empties this
        field (its arrays are freed as the sorted ones are made: the peak stays near one copy)."""
        terms = np.frombuffer(self.terms, dtype=np.uintc)  # numpy's C unsigned int: array's "I"
        order = np.argsort(terms, kind="stable")
        sorted_terms = terms[order]
        del terms
        self.terms = array("I")
        docnums = array("I")
        docnums.frombytes(memoryview(np.frombuffer(self.docnums, dtype=np.uintc)[order]).cast("B"))
        self.docnums = array("I")
        freqs = np.frombuffer(self.freqs, dtype=np.uintc)[order]
        del order
        self.freqs = array("I")
        if float(self.boost).is_integer():  # whole numbers: ints (index.whoosh_blocks writes them so)
            weights = array("q")
            weights.frombytes(memoryview(freqs.astype(np.int64) * int(self.boost)).cast("B"))
        else:
            weights = array("d")
            weights.frombytes(memoryview(freqs.astype(np.float64) * self.boost).cast("B"))
        values = list(map(_Packed().__getitem__, freqs.tolist())) if self.packed else [b""] * len(freqs)
        del freqs
        bounds = [0, *(np.flatnonzero(np.diff(sorted_terms)) + 1).tolist(), len(sorted_terms)]
        names = list(self.numbers)
        runs = [(names[int(sorted_terms[start])], start, end) for start, end in zip(bounds, bounds[1:], strict=False)
                if end > start]
        return (docnums, weights, values), runs


class Span:
    """One term's run of postings inside the sorted postings of a :class:`CountedField` (a group
    made into its own arrays only when written or extended)."""

    __slots__ = ("postings", "start", "end")

    def __init__(self, postings: tuple[array, array, list], start: int, end: int) -> None:
        self.postings, self.start, self.end = postings, start, end

    def group(self) -> tuple[array, array, list]:
        """``(docnums, weights, values)`` of the run, as arrays of its own."""
        docnums, weights, values = self.postings
        return docnums[self.start:self.end], weights[self.start:self.end], values[self.start:self.end]
