"""A paragraph's jieba tokens as the store keeps them: their lengths, cut back out of the paragraph's
text (``"".join(tokens) == text``), in a blob that starts with a tag byte (schema 5):

* ``N``: lengths 1..15 two to a byte, high nibble first (a last 0 nibble pads an odd count): the
  usual case, half a byte per token (9 in 10 of jieba's tokens are 1 or 2 characters long);
* ``B``: one byte per length, 255 = the length follows in four bytes (little-endian): tokens of 0
  or more than 15 characters;
* ``J``: the tokens as JSON: tokens that do not rebuild the text, kept as they are.

Schemas 2 to 4 wrote the ``B`` body without its tag and ``J`` + JSON, so a blob whose first token was
74 characters long (the byte ``J``) read as JSON and failed: :func:`repack_legacy` tells the two apart
once, for the migration to schema 5.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import accumulate

NIBBLES, BYTES, JSON_TOKENS = b"N", b"B", b"J"
#: A token length that does not fit one byte of the ``B`` form: 255, then the length in four bytes.
LONG = 255


def pack_tokens(tokens: Sequence[str], text: str) -> bytes | None:
    """The tokens of ``text`` as a tagged blob (None when there are none)."""
    if not tokens:
        return None
    if "".join(tokens) != text:
        return JSON_TOKENS + json.dumps(list(tokens), ensure_ascii=False).encode("utf-8")
    try:
        plain = bytes(map(len, tokens))  # the usual case: every length fits a byte, made in one call
    except ValueError:
        return BYTES + _bytes(list(map(len, tokens)))
    return _pack_plain(plain)


def pack_lengths(lengths: Sequence[int]) -> bytes:
    """Token lengths (at least one) as a tagged blob: ``N`` when every one is 1..15, else ``B``."""
    return _pack_plain(bytes(lengths)) if max(lengths) < 256 else BYTES + _bytes(list(lengths))


def _pack_plain(plain: bytes) -> bytes:
    """Lengths of one byte each as a tagged blob."""
    if min(plain) == 0 or max(plain) > 15:
        return BYTES + (plain if LONG not in plain else _bytes(list(plain)))
    if len(plain) % 2:
        plain += b"\0"  # the pad (no length is 0 in this form)
    high, low = plain[0::2], plain[1::2]  # every byte < 16: shifting the whole number shifts each
    packed = (int.from_bytes(high, "big") << 4) | int.from_bytes(low, "big")
    return NIBBLES + packed.to_bytes(len(high), "big")


def unpack_tokens(blob: bytes | None, text: str, words: dict[str, str] | None = None) -> tuple[str, ...]:
    """The tokens :func:`pack_tokens` packed, cut back out of ``text``; equal ones one string object
    through ``words`` when given (as ``ingest.annotate`` does: ~140 MB less for a 10 MB text)."""
    if not blob:
        return ()
    tag, body = blob[:1], blob[1:]
    if tag == JSON_TOKENS:
        return tuple(json.loads(body.decode("utf-8")))
    lengths = _unnibble(body) if tag == NIBBLES else _unbytes(body)
    ends = list(accumulate(lengths))
    cut = (text[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True))
    return tuple(cut) if words is None else tuple(words.setdefault(t, t) for t in cut)


def pack_tokens_v2(tokens: Sequence[str], text: str) -> bytes | None:
    """The untagged blob schemas 2 to 4 wrote (for the migrations that write those schemas' rows)."""
    if not tokens:
        return None
    if "".join(tokens) != text:
        return JSON_TOKENS + json.dumps(list(tokens), ensure_ascii=False).encode("utf-8")
    return _bytes(list(map(len, tokens)))


def repack_legacy(blob: bytes | None, text: str) -> bytes | None:
    """A schema 2-4 blob of ``text``'s tokens in the tagged form: JSON when it is the JSON of tokens
    that do not rebuild the text (what was written as JSON), else lengths (a first token of 74)."""
    if not blob:
        return None
    if blob[:1] == JSON_TOKENS:
        try:
            tokens = json.loads(blob[1:].decode("utf-8"))
        except ValueError:  # UnicodeDecodeError included
            tokens = None
        if (isinstance(tokens, list) and tokens and all(isinstance(t, str) for t in tokens)
                and "".join(tokens) != text):
            return blob
    return pack_lengths(_unbytes(blob))


def _bytes(lengths: list[int]) -> bytes:
    if max(lengths) < LONG:  # one byte per token, made in one call
        return bytes(lengths)
    out = bytearray()
    for n in lengths:
        if n < LONG:
            out.append(n)
        else:
            out.append(LONG)
            out += n.to_bytes(4, "little")
    return bytes(out)


def _unbytes(body: bytes) -> bytes | list[int]:
    if LONG not in body:
        return body
    lengths, i = [], 0
    while i < len(body):
        if body[i] == LONG:
            lengths.append(int.from_bytes(body[i + 1:i + 5], "little"))
            i += 5
        else:
            lengths.append(body[i])
            i += 1
    return lengths


#: Byte -> its high nibble, byte -> its low nibble (``bytes.translate`` tables).
_HIGH = bytes(b >> 4 for b in range(256))
_LOW = bytes(b & 15 for b in range(256))


def _unnibble(body: bytes) -> bytearray:
    out = bytearray(2 * len(body))
    out[0::2] = body.translate(_HIGH)
    out[1::2] = body.translate(_LOW)
    if out and out[-1] == 0:  # the pad of an odd count (no length is 0 in this form)
        del out[-1]
    return out
