"""Highlighted snippets: the part of a paragraph where the query matched, matches marked 【like this】.

Matches are found in the paragraph text itself (case-insensitive; whitespace inside a match allowed,
as PDF-flattened text breaks ``记录\\n保存``), so the marks sit on real characters whatever the
segmenter did. The app escapes HTML itself and may turn the marks into ``<mark>``.
"""

from __future__ import annotations

import functools
import re

#: The marks around a match in a snippet (documented in the README: the JSON ``snippet`` field).
MARK_OPEN, MARK_CLOSE = "【", "】"
#: Characters of a snippet window (a paragraph shorter than this is shown whole).
SNIPPET_CHARS = 160
#: Context kept before the first match of the window.
LEAD_CHARS = 30


@functools.lru_cache(maxsize=256)
def _pattern(strings: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for all strings to mark, longest first, whitespace allowed between characters."""
    parts = []
    for s in sorted({s.strip() for s in strings if s.strip()}, key=len, reverse=True):
        chars = [re.escape(c) for c in s if not c.isspace()]
        parts.append(r"\s*".join(chars))
    return re.compile("|".join(parts), re.I) if parts else None


def match_spans(text: str, strings: tuple[str, ...]) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` of the strings in ``text``."""
    pattern = _pattern(tuple(strings))
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def snippet(text: str, strings: tuple[str, ...], width: int = SNIPPET_CHARS) -> str:
    """The window of ``text`` holding the most matches, matches marked, ``…`` where cut."""
    spans = match_spans(text, strings)
    start = _best_window(spans, len(text), width)
    end = min(len(text), start + width)
    out, cursor = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out += [text[cursor:a], MARK_OPEN, text[a:b], MARK_CLOSE]
        cursor = b
    out.append(text[cursor:end])
    body = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _best_window(spans: list[tuple[int, int]], length: int, width: int) -> int:
    """The start of the ``width``-character window holding the most whole matches (the first such
    window; windows start ``LEAD_CHARS`` before a match). ``spans`` are non-overlapping and in order,
    and a window's start only grows from one match to the next, so two pointers count each window:
    O(m) for m matches (a 10 MB paragraph of matches stays fast)."""
    if not spans or length <= width:
        return 0
    best, best_count, first, last = 0, -1, 0, 0
    for a, _ in spans:
        begin = max(0, min(a - LEAD_CHARS, length - width))
        while spans[first][0] < begin:  # first match starting inside the window
            first += 1
        while last < len(spans) and spans[last][1] <= begin + width:  # past the last one ending inside
            last += 1
        count = max(0, last - first)
        if count > best_count:
            best, best_count = begin, count
    return best
