"""Postings of the fields that give their terms' frequencies (``TokensText.index_counts``: ``text``,
``context``), gathered with C loops while documents are added and grouped by term only when the
segment is written (part of ``index.whoosh_writer``'s pool).

Adding a paragraph appends its terms' numbers, frequencies and docnum to three flat arrays (``map``
and ``array.extend``: no Python step per posting). At flush the arrays are ordered by term (a stable
sort keeps docnums ascending) and cut into one group per term: the docnums, the weights
``freq * boost`` and the packed frequencies (``pack_uint``) that whoosh's ``Frequency`` format
would have given each posting.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterator
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

    def __init__(self, boost: float) -> None:
        self.boost = boost
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

    def groups(self) -> Iterator[tuple[str, tuple[array, array, list]]]:
        """``(term, (docnums, weights, values))`` for every term, docnums ascending (in term-number
        order, not sorted by term)."""
        if not self.terms:
            return
        terms = np.frombuffer(self.terms, dtype=np.uintc)  # numpy's C unsigned int: array's "I"
        order = np.argsort(terms, kind="stable")
        sorted_terms = terms[order]
        docnums = array("I")
        docnums.frombytes(np.frombuffer(self.docnums, dtype=np.uintc)[order].tobytes())
        freqs = np.frombuffer(self.freqs, dtype=np.uintc)[order]
        weights = array("d")
        weights.frombytes((freqs.astype(np.float64) * self.boost).tobytes())
        values = list(map(_Packed().__getitem__, freqs.tolist()))
        bounds = [0, *(np.flatnonzero(np.diff(sorted_terms)) + 1).tolist(), len(sorted_terms)]
        names = list(self.numbers)
        for start, end in zip(bounds, bounds[1:], strict=False):
            yield names[int(sorted_terms[start])], (docnums[start:end], weights[start:end], values[start:end])
