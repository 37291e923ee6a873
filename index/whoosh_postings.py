"""How wgkb's whoosh index stores postings: weights without values, blocks compressed where it pays.

whoosh's ``Frequency`` format (``fields.TEXT`` without positions, ``KEYWORD(scorable=True)``) gives
each posting a weight (``freq * field_boost``) *and* a 4-byte packed frequency, which every block
pickles beside the weights; nothing here reads it: scoring (BM25F, ``index.whoosh_scoring`` too),
``key_terms_from_text`` and the collector read the weights, highlighting is ours
(``index.snippets``) and phrases are verified against the stored text. :class:`Weights` is that
format without the value (``fixed_value_size() == 0``: a block pickles ``None`` for its values, as
for whoosh's ``Existence``).

The whoosh3 codec compresses all blocks or none (``W3Codec(compression=...)``); each block's header
records its own level and whoosh's reader (``W3LeafMatcher._read_data``) decompresses block by
block, so :class:`Codec` decides per block (:func:`pack_block`): zlib level 1 for blocks of at least
``COMPRESS_FROM`` postings, kept when smaller. A block's weights (term frequencies times a boost of
1) are whole numbers: pickled as ints, not 9-byte floats (:func:`whole_numbers`). Everything else is
whoosh's own, and whoosh reads the index with its own classes.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from pickle import dumps

from whoosh import formats
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter
from whoosh.system import emptybytes
from whoosh.util.numeric import length_to_byte

#: zlib level of a compressed block (1: most of level 6's gain at the least CPU).
COMPRESSION = 1
#: Blocks with fewer postings are written as they are (a few bytes gained, if any, for a zlib call).
COMPRESS_FROM = 8


def pack_block(databytes: bytes, count: int) -> tuple[bytes, int]:
    """A block's pickled data as written and the compression level its header records (0: none):
    compressed at ``COMPRESSION`` when the block has ``COMPRESS_FROM`` postings or more and that
    makes it smaller."""
    if count >= COMPRESS_FROM:
        packed = zlib.compress(databytes, COMPRESSION)
        if len(packed) < len(databytes):
            return packed, COMPRESSION
    return databytes, 0


def whole_numbers(weights):
    """A block's weights as whoosh minifies them (None: all 1.0; one float: all equal; else a tuple),
    a tuple of whole numbers given as ints: the same numbers, pickled in 2-3 bytes each instead of 9
    (BM25F's arithmetic gives the same floats with them)."""
    if type(weights) is tuple:
        ints = tuple(map(int, weights))
        if ints == weights:
            return ints
    return weights


def header_weight(weight: float) -> int | float:
    """A block header's maximum weight: an int when it is a whole number (as :func:`whole_numbers`)."""
    return int(weight) if float(weight).is_integer() else weight


class Weights(formats.Format):
    """whoosh's ``Frequency`` without the per-posting value: each posting is its weight, the term's
    frequency times the field boost. Supports weights only (no ``frequency`` to decode)."""

    posting_size = 0
    __inittypes__ = dict(field_boost=float)

    def __init__(self, field_boost: float = 1.0, **options) -> None:
        assert isinstance(field_boost, float)
        self.field_boost = field_boost
        self.options = options

    def word_values(self, value, analyzer, **kwargs):
        """``(term, freq, sum of token boosts * field boost, b"")`` per distinct term (``Frequency``'s
        word values, the value left empty)."""
        fb = self.field_boost
        freqs: defaultdict[str, int] = defaultdict(int)
        weights: defaultdict[str, float] = defaultdict(float)
        kwargs["boosts"] = True
        for t in formats.tokens(value, analyzer, kwargs):
            freqs[t.text] += 1
            weights[t.text] += t.boost
        return ((w, freq, weights[w] * fb, emptybytes) for w, freq in freqs.items())

    def encode(self, value) -> bytes:
        return emptybytes

    def combine(self, vs) -> bytes:
        return emptybytes


class PostingsWriter(W3PostingsWriter):
    """whoosh's postings writer with each block compressed or not by :func:`pack_block`, its
    whole-number weights pickled as ints (:func:`whole_numbers`, :func:`header_weight`)."""

    def _mini_weights(self):
        return whole_numbers(super()._mini_weights())

    def _write_block(self, last: bool = False) -> None:
        # whoosh's W3PostingsWriter._write_block, the compression decided per block.
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        databytes, comp = pack_block(dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), 2),
                                     len(ids))
        infobytes = dumps((len(ids), ids[-1], header_weight(self._maxweight), comp, length_to_byte(self._minlength),
                           length_to_byte(self._maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class Codec(W3Codec):
    """whoosh's whoosh3 codec writing postings with :class:`PostingsWriter` (kept in each segment:
    whoosh merges and reads with it)."""

    def __init__(self, blocklimit: int = 128, inlinelimit: int = 1) -> None:
        super().__init__(blocklimit=blocklimit, compression=COMPRESSION, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids: bool = False) -> PostingsWriter:
        return PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                              compression=self._compression, inlinelimit=self._inlinelimit)
