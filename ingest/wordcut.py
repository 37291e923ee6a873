"""jieba's dictionary cut (``Tokenizer.cut(text, HMM=False)``), computed in one pass.

wgkb segments every paragraph with jieba's accurate mode, HMM off (``ingest.tokens``). jieba does it
in three steps per run of Chinese/alphanumeric characters: ``get_DAG`` lists, for each position, the
dictionary words starting there; ``calc`` walks the positions from right to left and keeps, for each,
the best ``(log P(word) + best score after it, end)`` with ``max`` over a generator (one ``log``
call and one tuple per candidate); the route is then read left to right. That was about as costly as
segmenting the same text with bare ``jieba.lcut`` HMM included, the floor the ingest is measured
against (issue 12).

:class:`DictionaryCut` does the same computation with the same dictionary object (``FREQ``, prefixes
included, and ``total`` of the tokenizer it is made from) in one right-to-left loop: candidates are
scored as they are found, ``log P`` comes from a table per distinct frequency (a few thousand
values, computed once with the same expression ``log(freq) - log(total)``), and ties go to the
longer word as ``max`` over ``(score, end)`` tuples does. Same floats, same comparisons, so the
same tokens: ``tests/test_wordcut.py`` checks it against ``jieba.Tokenizer.cut(HMM=False)`` on the
corpus, the family documents and generated text. About twice as fast.

The dictionary is read when the cut is made: build it after the last ``add_word``/``del_word``.
"""

from __future__ import annotations

import math
import re

import jieba

#: jieba's blocks: runs of these characters are cut with the dictionary; anything else goes out
#: one character at a time, whitespace runs of one (``\\r\\n`` kept together).
_HAN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_SKIP = re.compile(r"(\r\n|\s)")
#: Single characters that jieba glues to their neighbours of the same kind when the dictionary cut
#: leaves them alone ("a", "b", "c" -> "abc").
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_NONE = float("-inf")


class DictionaryCut:
    """``cut(text)`` == ``list(tokenizer.cut(text, HMM=False))`` for the tokenizer it was made from."""

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        tokenizer.check_initialized()
        self._freq = tokenizer.FREQ
        log_total = math.log(tokenizer.total)
        self._log_p = {f: math.log(f) - log_total for f in set(self._freq.values()) if f}
        #: The weight of a character no dictionary word starts with: jieba's ``log(... or 1) - log(total)``.
        self._unknown = math.log(1) - log_total

    def cut(self, text: str) -> list[str]:
        out: list[str] = []
        for block in _HAN.split(text):
            if not block:
                continue
            if _HAN.match(block):
                self._cut_block(block, out)
                continue
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)
        return out

    def _cut_block(self, s: str, out: list[str]) -> None:
        ends = self._route(s)
        x, n, glued = 0, len(s), ""
        while x < n:
            y = ends[x]
            if y - x == 1 and s[x] in _ASCII_ALNUM:
                glued += s[x]
            else:
                if glued:
                    out.append(glued)
                    glued = ""
                out.append(s[x:y])
            x = y
        if glued:
            out.append(glued)

    def _route(self, s: str) -> list[int]:
        """For each position, the end of the word the best segmentation starts there (jieba's
        ``get_DAG`` + ``calc`` in one right-to-left pass)."""
        get, log_p, unknown = self._freq.get, self._log_p, self._unknown
        n = len(s)
        score = [0.0] * (n + 1)
        ends = [0] * n
        for k in range(n - 1, -1, -1):
            best, best_end, i = _NONE, k + 1, k + 1
            freq = get(s[k])
            while freq is not None:  # s[k:i] is a word or the prefix of one
                if freq:
                    value = log_p[freq] + score[i]
                    if value >= best:  # ties: the longer word, as max() over (score, end)
                        best, best_end = value, i
                if i >= n:
                    break
                i += 1
                freq = get(s[k:i])
            if best == _NONE:
                best, best_end = unknown + score[k + 1], k + 1
            score[k], ends[k] = best, best_end
        return ends
