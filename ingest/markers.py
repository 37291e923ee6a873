"""Footnote markers: find each lifted-out footnote's marker in the body, remove it, remember where.

Three shapes (DESIGN.md, Ingestion 2): superscript digits in clean text (``支助，¹全球``), the star of
the agenda footnote (``临时议程*项目3``), and plain digits in PDF-extracted text (``会议上3建议``,
``议定书》1（``). A plain digit is only taken as a marker for a footnote that exists, before the
footnote's position in the flow, tight between ideographs or Chinese punctuation, and not followed by
a unit (``第 6 条``, ``2014 年``) — so ordinary numbers are left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from ingest import patterns as P
from ingest.clean import RawFootnote, superscript_to_digits
from ingest.segment import Block

#: Characters that may stand right before a plain-digit marker (ideograph or closing punctuation).
_BEFORE = re.compile(rf"[{P.CJK}》」”）)。、，；：]")
#: Characters that may follow one (ideograph or opening punctuation); an enumeration comma too
#: (``根据会员国1、联合国系统各实体…``), unless a number follows it (``建议1、2和3`` is a list of numbers).
_AFTER = re.compile(rf"[{P.CJK}《「“（(，。；、]")
#: How many blocks back from a footnote its marker is looked for (in a PDF, at least back to the
#: block its page starts in: a page of short paragraphs holds more blocks than this).
_LOOKBACK = 12


def attach_markers(blocks: list[Block], footnotes: list[RawFootnote]) -> None:
    """Remove markers from the blocks' text and record the marks on ``Block.marks``, in order, with
    the offset in the block's remaining text where each stood (``Block.marker_offsets``: the marker
    came right before ``text[offset]``)."""
    marks = {note.mark for note in footnotes}
    superscripts = {mark for b in blocks for run in P.SUPERSCRIPT_RUN.findall(b.text)
                    for mark in (superscript_to_digits(run), *superscript_marks(run, marks))}
    cuts: dict[int, list[tuple[int, int, str]]] = {}
    taken: set[tuple[int, int]] = set()
    for note in footnotes:
        if note.mark.isdigit() and note.mark not in superscripts and not note.slash:
            found = _find_plain(blocks, note, taken)
            if found:
                index, start = found
                taken.add(found)
                cuts.setdefault(index, []).append((start, start + len(note.mark), note.mark))
    stars = {note.mark for note in footnotes if note.mark.startswith("*")}
    slashes = {note.mark for note in footnotes if note.slash}
    for index, block in enumerate(blocks):
        _strip(block, sorted(cuts.get(index, [])), stars, slashes, marks)


def _find_plain(blocks: list[Block], note: RawFootnote, taken: set[tuple[int, int]]) -> tuple[int, int] | None:
    """(block index, offset) of the plain-digit marker of ``note``, searching backwards from it."""
    pattern = re.compile(rf"(?<![\d./第\-A-Za-z]){re.escape(note.mark)}(?![\d.,%:/\-A-Za-z])")
    last = _last_before(blocks, note.before)
    for index in range(last - 1, _window_start(blocks, last, note.page) - 1, -1):
        block = blocks[index]
        limit = _cut_at(block, note.before)
        hits = [m.start() for m in pattern.finditer(block.text, 0, limit) if _tight(block.text, m.start(), m.end())]
        hits = [h for h in hits if (index, h) not in taken]
        if hits:
            return index, hits[-1]
    return None


def _window_start(blocks: list[Block], last: int, page: int | None) -> int:
    """The first block searched for a marker: ``_LOOKBACK`` blocks back, and in paged text no later
    than the block running into the footnote's page (the marker is on the footnote's page)."""
    start = max(0, last - _LOOKBACK)
    if page is not None:
        while start > 0 and blocks[start].page is not None and blocks[start].page >= page:
            start -= 1
    return start


def _last_before(blocks: list[Block], before: int) -> int:
    """How many blocks start before body line ``before`` (binary search: blocks are in order)."""
    low, high = 0, len(blocks)
    while low < high:
        middle = (low + high) // 2
        if blocks[middle].first < before:
            low = middle + 1
        else:
            high = middle
    return low


def _cut_at(block: Block, before: int) -> int:
    """Offset in the block's text where the lines at or after body line ``before`` begin."""
    for line_index, offset in block.line_starts:
        if line_index >= before:
            return offset
    return len(block.text)


def _tight(text: str, start: int, end: int) -> bool:
    """The digits sit tight between Chinese characters/punctuation and are not a count or date."""
    if start == 0 or not _BEFORE.match(text[start - 1]):
        return False
    if end < len(text):
        follower = text[end]
        if follower == "、" and text[end + 1:end + 2].isdigit():
            return False
        return bool(_AFTER.match(follower)) and follower not in P.NUMBER_UNITS
    return True


def _strip(block: Block, cuts: list[tuple[int, int, str]], stars: set[str], slashes: set[str],
           marks: set[str]) -> None:
    """Delete plain-digit markers (``cuts``), superscripts, star and ``1/`` markers of existing
    footnotes; record the marks and where each stood in the text left (``Block.marker_offsets``).
    A superscript with no footnote (``m²``) stays in the text."""
    text, found = _delete(block.text, [(start, end, (mark,)) for start, end, mark in cuts], [])
    text, found = _remove(P.SUPERSCRIPT_RUN, text, found, lambda s: superscript_marks(s, marks))
    if stars and "*" in text:  # each of these scans only where its marker's character is
        text, found = _remove(P.STAR_MARKER, text, found, lambda s: s if s in stars else "")
    if slashes and "/" in text:
        text, found = _remove(P.SLASH_MARKER, text, found, lambda s: s.split("/")[0] if s.split("/")[0] in slashes else "")
    block.text = text
    ordered = sorted(found, key=lambda item: item[0])  # stable: adjacent markers keep their order
    block.marks = [mark for _, mark in ordered]
    block.marker_offsets = [offset for offset, _ in ordered]


def superscript_marks(run: str, marks: set[str]) -> tuple[str, ...]:
    """The footnote marks a run of superscript digits stands for: the run's number when a footnote has
    it (``¹⁰`` -> 10), else consecutive numbers that all have footnotes, the separator lost in copying
    (``⁴⁵`` -> 4, 5 when there is no footnote 45; ``⁹¹⁰`` -> 9, 10); else none (``m²`` stays text)."""
    digits = superscript_to_digits(run)
    if digits in marks:
        return (digits,)
    for width in range(1, len(digits)):
        rest, number, found = digits, int(digits[:width]), []
        while rest.startswith(str(number)):
            found.append(str(number))
            rest, number = rest[len(str(number)):], number + 1
        if not rest and len(found) > 1 and all(mark in marks for mark in found):
            return tuple(found)
    return ()


def _remove(pattern: re.Pattern[str], text: str, found: list[tuple[int, str]], to_mark) -> tuple[str, list[tuple[int, str]]]:
    """Delete every match of ``pattern`` whose marks (``to_mark(match)``: a mark, or a tuple of the
    marks standing together there) are non-empty."""
    spans = []
    for match in pattern.finditer(text):
        mark = to_mark(match.group())
        if mark:
            spans.append((match.start(), match.end(), (mark,) if isinstance(mark, str) else mark))
    return _delete(text, spans, found)


def _delete(text: str, spans: list[tuple[int, int, tuple[str, ...]]],
            found: list[tuple[int, str]]) -> tuple[str, list[tuple[int, str]]]:
    """``text`` without the (ordered, disjoint) ``spans``; the markers already ``found`` (offsets in
    ``text``) moved to their offsets in the shorter text, each span's marks added where it stood."""
    if not spans:
        return text, found
    starts = [start for start, _, _ in spans]
    removed = list(accumulate((end - start for start, end, _ in spans), initial=0))

    def moved(offset: int) -> int:
        index = bisect_right(starts, offset) - 1  # the last span starting at or before the offset
        if index < 0:
            return offset
        start, end, _ = spans[index]
        return offset - removed[index + 1] if offset >= end else start - removed[index]

    out, position = [], 0
    for start, end, _ in spans:
        out.append(text[position:start])
        position = end
    out.append(text[position:])
    added = [(start - removed[i], mark) for i, (start, _, together) in enumerate(spans) for mark in together]
    return "".join(out), [(moved(offset), mark) for offset, mark in found] + added
