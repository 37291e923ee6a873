"""One term's postings written as a single block in one step (part of ``index.whoosh_writer``'s flush).

Most terms of a segment have fewer postings than a block holds (128). For those, whoosh's field
writer goes ``start_term`` -> ``start_postings`` -> ``finish_postings`` -> ``_write_block(last=True)``
-> ``W3TermInfo.add_block`` -> ``finish_term``: a dozen Python calls per term that mostly copy state
around. :func:`write_single_block` writes the same bytes (block header, info and data pickles, the
term table row with the same ``W3TermInfo``, the block compressed as the postings writer would)
directly; anything else (several blocks, inlined postings, another codec) goes the usual way.
``tests/test_whoosh_writer.py`` compares the files.
"""

from __future__ import annotations

import zlib
from array import array
from itertools import chain
from operator import sub
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import emptybytes, pack_ushort
from whoosh.util.numeric import length_to_byte

from index.whoosh_postings import PostingsWriter, header_weight, pack_block, whole_numbers


def fits(postwriter: Any, count: int) -> bool:
    """Whether a term of ``count`` postings is one written block for whoosh's ``postwriter``."""
    return 0 < count <= postwriter._blocklimit and not count < postwriter._inlinelimit


def write_single_block(fieldwriter: Any, tbytes: bytes, ids: array, weights: array, values: list,
                       lengths: list[int]) -> None:
    """What ``start_term(tbytes)``, the postings and ``finish_term()`` write for a term whose
    postings (``ids`` ascending, ``weights`` as given: floats, or ints when whole numbers,
    ``values`` packed, the documents' field ``lengths``, 0 for none) make one block (:func:`fits`)."""
    postwriter = fieldwriter._postwriter
    ours = isinstance(postwriter, PostingsWriter)
    whole = weights.typecode != "d"  # ints (counted postings, a whole-number boost)
    present = [n for n in lengths if n]
    minlength = min(present) if present else None
    maxlength = max(present) if present else 0
    maxweight = max(0, float(max(weights)))  # a float, as add_posting keeps it
    weights32 = array("f", weights)
    info = W3TermInfo()
    info._weight += sum(weights32)
    info._df += len(ids)
    info._minlength = minlength
    info._maxlength = max(info._maxlength, maxlength)
    info._maxweight = max(info._maxweight, maxweight)
    info._minid, info._maxid = ids[0], ids[-1]
    if ours:  # whole-number weights as ints: taken as they are, or converted
        small = mini_weights(weights) if whole else whole_numbers(mini_weights(weights32))
    else:
        small = mini_weights(weights32)
    data = dumps((tuple(map(sub, ids, chain((0,), ids))), small,
                  mini_values(fieldwriter._fieldobj.format, values)), 2)
    data, comp = _pack(postwriter, data, len(ids))
    head = dumps((len(ids), ids[-1], header_weight(maxweight) if ours else maxweight, comp,
                  length_to_byte(minlength), length_to_byte(maxlength)), 2)
    postfile = postwriter._postfile
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    postfile.write_int(-(len(head) + len(data)))
    postfile.write(head)
    postfile.write(data)
    info.set_extent(start, postfile.tell() - start)
    fieldwriter._btext = tbytes
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes, info.to_bytes())


def _pack(postwriter: Any, data: bytes, count: int) -> tuple[bytes, int]:
    """A block's pickled data as ``postwriter`` writes it, and the compression level of its header."""
    if isinstance(postwriter, PostingsWriter):
        return pack_block(data, count)
    comp = postwriter._compression  # whoosh's own: all blocks or none
    return (zlib.compress(data, comp) if comp else data), comp


def mini_weights(weights: array) -> Any:
    """``W3PostingsWriter._mini_weights``: None when every weight is 1.0, the one weight (a float)
    when all are equal, else the tuple of weights (ints from an array of ints)."""
    if weights.count(1.0) == len(weights):
        return None
    if weights.count(weights[0]) == len(weights):
        return float(weights[0])
    return tuple(weights)


def mini_values(format_: Any, values: list) -> Any:
    """``W3PostingsWriter._mini_values`` of a block's values (the empty ones left out, as
    ``add_posting`` leaves them)."""
    fixedsize = format_.fixed_value_size()
    if fixedsize is None or fixedsize < 0:
        return tuple(filter(None, values))
    if fixedsize == 0:
        return None
    return emptybytes.join(values)
