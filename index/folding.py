"""The form quoted phrases are compared in (``index.engine.squash``: NFKC, lower case, no whitespace),
computed per character where that is exact, instead of normalising each paragraph as a whole.

``unicodedata.normalize("NFKC", text)`` of a whole paragraph cost more than counting its index terms.
Normalisation is a per-character mapping except where characters interact: canonical reordering
moves combining marks (canonical combining class != 0), and composition joins a character with a
following "second" one (a combining mark, a Hangul vowel or final, a few Indic vowel signs). Lower
casing is per character except for Greek capital sigma (final form by context).

So a character is *plain* when it lies in one of :data:`PLAIN_RANGES` (ASCII, Latin-1, CJK
punctuation, ideographs, kana, full-width forms …) and its compatibility decomposition (NFKD) has
only characters of those ranges with combining class 0. None of those ranges holds a composition
second element of class 0 (``tests/test_index_documents.py`` checks this against the whole Unicode
table of the running Python), so a text made only of plain characters never reorders or composes:
its NFKC form is the concatenation of its characters' NFKC forms, and lower casing and dropping
whitespace are per character as well. A text with any other character is folded the whole way.
"""

from __future__ import annotations

import re
import unicodedata

#: Unicode ranges (inclusive) whose characters may be folded one by one (see the module text).
PLAIN_RANGES = (
    (0x0000, 0x00FF),  # ASCII, Latin-1 (precomposed letters decompose to marks: not plain)
    (0x2000, 0x22FF),  # punctuation, super/subscripts, letterlike, number forms, arrows, math
    (0x2460, 0x27BF),  # enclosed alphanumerics, box drawing, shapes, symbols, dingbats
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3000, 0x30FF),  # CJK symbols and punctuation, kana (the voicing marks have class 8)
    (0x3200, 0x9FFF),  # enclosed CJK, CJK compatibility, ideographs (extension A, unified)
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small forms
    (0xFF00, 0xFFEF),  # half- and full-width forms
)
#: What a character that is not plain folds to in the tables (itself never plain): its presence in
#: a translated text sends the text the whole way.
ODD = "\uffff"
#: Whitespace, dropped (``re``'s ``\s`` on str: Unicode whitespace).
SPACES = re.compile(r"\s+")


def in_plain_ranges(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in PLAIN_RANGES)


def plain(char: str) -> bool:
    """Whether ``char`` folds the same alone as in any text of plain characters."""
    return in_plain_ranges(char) and all(
        in_plain_ranges(c) and not unicodedata.combining(c) for c in unicodedata.normalize("NFKD", char))


def fold_whole(text: str) -> str:
    """NFKC, lower case, whitespace dropped: the definition, on the whole text."""
    return SPACES.sub("", unicodedata.normalize("NFKC", text).lower())


class _Table(dict):
    """Code point -> the folded character (``spaced``: each folded character followed by a space),
    or :data:`ODD`; filled on first sight of each character (``str.translate`` asks)."""

    def __init__(self, spaced: bool) -> None:
        super().__init__()
        self.spaced = spaced

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if not plain(char):
            value = ODD
        else:
            folded = fold_whole(char)
            value = "".join(c + " " for c in folded) if self.spaced else folded
        self[code] = value
        return value


_FOLDED, _SPACED = _Table(spaced=False), _Table(spaced=True)


def fold(text: str) -> str:
    """``fold_whole(text)``, per character when every character is plain."""
    out = text.translate(_FOLDED)
    return out if ODD not in out else fold_whole(text)


def spaced_fold(text: str) -> str:
    """The characters of ``fold(text)`` separated by single spaces (``" ".join(fold(text))``)."""
    out = text.translate(_SPACED)
    return out[:-1] if ODD not in out else " ".join(fold_whole(text))
