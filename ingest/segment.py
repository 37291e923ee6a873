"""Segmentation (DESIGN.md, Ingestion 3): cleaned lines -> blocks -> typed paragraphs.

Two steps. ``build_blocks`` decides, for each pair of consecutive lines, whether they belong to one
paragraph: in hard-wrapped (PDF-extracted) text a line break is a paragraph end only when the line is
short or a new paragraph visibly starts; in clean text a blank line is a boundary unless it falls
inside a sentence or a 《…》 title (page breaks and lifted footnotes split the seeds mid-word).
``classify`` then gives every block its kind, key and section path, following the running sequence
of paragraph numbers (a short ``1.`` line inside a lettered section is a heading, not paragraph 1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest import patterns as P
from ingest.clean import BREAK, SAME_BLOCK, Line, display_width, join_pieces
from ingest.identity import header_symbol
from ingest.tables import table_rows
from ingest.titles import PREPARED_BY

#: Punctuation that ends a sentence (a hard-wrapped line ending with one may end its paragraph).
SENTENCE_END = "。！？!?"
#: Punctuation after which a clean-text paragraph may end (a resolution's preamble ends with "，").
TERMINAL = "。！？!?；;：:，,.）)”’」』"
#: Characters after which a clean-text line continues on the next line (a heading split in two).
_CONTINUES = "和及与或、，,（(《“"
#: Characters no paragraph or title ends with: a short line ending with one continues (front-matter
#: titles set in a narrow column: ``非法枪支贩运刑事定罪、调查和起诉方面的`` / ``挑战和良好做法…``).
_NEVER_ENDS = "的和及与或、（《“"
#: Mid-sentence line ends: in a PDF, where paragraph starts are marked by indentation, a line ending
#: with a comma or a Latin letter continues on the next unindented line however short it looks
#: (``…缔约国，`` / ``2017 年。``; ``…, the`` / ``implementation。``): with few lines on a page the
#: "full width" estimate is noise.
_MID_SENTENCE = re.compile(r"[，,、A-Za-z]$")
#: ``Line.gap`` of a piece cut off a glued line by ``split_glued``: always a new paragraph.
_CUT = BREAK + 1
#: A clean-text title line at least this wide (half-width cells) may wrap onto the next line.
_WRAPPED_TITLE_WIDTH = 30
#: How close to the full line width a hard-wrapped line must be to count as "full".
_SHORT_RATIO = 0.75
_TABLE_RATIO = 0.6
#: Agenda item titles longer than this are not compared (keeps block building linear).
_MAX_TITLE = 400
#: Fewer long lines than this are too few to call a text hard-wrapped (clean text is the default).
_MIN_WRAPPED_LINES = 8
#: Lines of a hard-wrapped page are at most this wide (half-width cells); clean paragraphs are wider.
_MAX_WRAPPED_WIDTH = 160
#: An ideograph (CJK unified, basic block), and four of them anywhere in a line (``_script``).
_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")
_FOUR_IDEOGRAPHS = re.compile("[\u4e00-\u9fff](?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){3}")
#: A Latin word: a letter not after a letter, then lower-case letters (``Recalling``; in CTOC/COP
#: only ``C``-``T``… upper case, so no word). Written letter-first so the search skips to letters.
_LATIN_WORD = re.compile(r"[A-Za-z](?<![A-Za-z]{2})[a-z]+")
#: A PDF line ending with a sentence end and a raised footnote marker extracted as plain digits
#: (``…的报告。5``): the sentence ends there (a number starting the next sentence stays with its unit,
#: ``。2017 年``, and a footnote is never numbered beyond three digits).
_PLAIN_MARKER_END = re.compile(r"(?<=[。；！？])\d{1,3}$")
#: CJK and full-width punctuation (``，。；：（）《》``): Chinese typesetting, never in an English line.
_FULL_WIDTH_PUNCTUATION = re.compile("[\u3001-\u303f\uff00-\uffef]")
#: What every GLUED_NUMBER match holds (a digit, then a full stop), and the spaces it may hold
#: around them (``_glued_numbers``).
_DIGIT_STOP = re.compile(r"\d[.．]")
_GAP = " \t\u3000"


@dataclass
class Block:
    """A run of lines forming one paragraph before classification."""

    parts: list[str]
    page: int | None
    first: int
    line_starts: list[tuple[int, int]] = field(default_factory=list)
    table: bool = False
    marks: list[str] = field(default_factory=list)
    marker_offsets: list[int] = field(default_factory=list)
    text: str = ""
    length: int = 0

    def tail(self) -> str:
        """The last characters of the block (enough to see an open 《 title)."""
        return "".join(self.parts[-3:])[-80:]

    def add(self, index: int, text: str, sep: str) -> None:
        if sep:
            self.parts.append(sep)
        else:
            joined = join_pieces(self.parts[-1], text)
            if len(joined) > len(self.parts[-1]) + len(text):
                self.parts.append(" ")
                self.length += 1
        self.length += len(sep)
        self.line_starts.append((index, self.length))
        self.parts.append(text)
        self.length += len(text)

    def finish(self) -> None:
        self.text = "".join(self.parts)


def is_wrapped(lines: list[Line], paged: bool) -> bool:
    """True for hard-wrapped text (PDF or PDF-extracted): lines are about a page wide (a clean
    paragraph is one long line) and many of them end mid-sentence."""
    if paged:
        return True
    long_lines = [_without_markers(line.text) for line in lines if display_width(line.text) >= 40]
    if len(long_lines) < _MIN_WRAPPED_LINES:
        return False
    widths = sorted(display_width(text) for text in long_lines)
    if widths[len(widths) // 2] > _MAX_WRAPPED_WIDTH:
        return False
    open_ended = sum(1 for text in long_lines if text and text[-1] not in TERMINAL)
    return open_ended > 0.25 * len(long_lines)


def full_width(lines: list[Line]) -> int:
    """The usual width of a full line of body text (90th percentile of line widths)."""
    widths = sorted(display_width(line.text) for line in lines if display_width(line.text) >= 20)
    if not widths:
        return 80
    return widths[min(len(widths) - 1, int(len(widths) * 0.9))]


def build_blocks(lines: list[Line], wrapped: bool) -> list[Block]:
    """Group lines into paragraph blocks (see module docstring); the cover-page lines of the header
    block (``Distr.: General``, ``Chinese``, ``Original: English``, the issue date, a symbol-only line)
    are document metadata and are left out."""
    blocks = _Builder(split_glued(lines), wrapped).run()
    return _without_cover(blocks)


def split_glued(lines: list[Line]) -> list[Line]:
    """Lines split where extraction glued paragraphs together: a numbered paragraph after the end of
    the previous one (``…的报告。2．大会…``, ``…号决议，4/3. 请…``) when its number is the one
    expected next; a resolution's acting body glued to its title or first preambular paragraph
    (``…贸易大会，回顾其…``) and, in the same flattened line, each preambular paragraph
    (``…决议，又回顾…``). Running heads glued into the text (job number with the document's own
    symbol and page: ``V.33-08127CTOC/COP/WG.2/2033/42``) are removed first."""
    out: list[Line] = []
    expected = 1
    own = header_symbol(" ".join(line.text for line in lines[:3]))
    for line in lines:
        text = _without_running_heads(line.text, own)
        if text != line.text:
            line = Line(text, line.page, line.gap, line.indent, line.justified)
        start = P.NUMBERED.match(text)
        if start and int(start.group(1)) >= expected:
            expected = int(start.group(1)) + 1
        cuts = []
        if expected == 1 and not start:
            header = P.HEADER_END.search(text, 0, 400)
            cuts = _preamble_cuts(text) + ([header.end()] if header else [])
        for match in _glued_numbers(text):
            if int(match.group(1)) == expected and match.start(1) > 0:
                cuts.append(match.start(1))
                expected += 1
        cuts += _closing_cuts(text)
        out.extend(_pieces(line, sorted(set(cuts))))
    return out


def _glued_numbers(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``P.GLUED_NUMBER.finditer(text)``, found faster. Its scan tries every position
    (it opens with look-behinds), but each match ends in a digit and a full stop (``_DIGIT_STOP``) and
    starts in the run of spaces and digits before them; so only the window from that run to the
    character after the spaces that follow the stop is searched, for each digit-and-stop in turn,
    never before the end of the previous match (the look-behinds still see the text before)."""
    pos, n = 0, len(text)
    for stop in _DIGIT_STOP.finditer(text):
        digit = stop.start()
        if digit < pos:
            continue
        start, end = digit, stop.end()
        while start > pos and (text[start - 1] in _GAP or text[start - 1].isdecimal()):  # \d: isdecimal
            start -= 1
        while end < n and text[end] in _GAP:
            end += 1
        found = P.GLUED_NUMBER.search(text, start, min(n, end + 1))
        if found is not None:
            yield found
            pos = found.end()


def _preamble_cuts(text: str) -> list[int]:
    """Cut points of an acting body glued into a line (before and after ``大会，``) and of the
    preambular paragraphs glued after it, up to the first numbered paragraph."""
    acting = P.ACTING_BODY_GLUED.match(text) or P.ACTING_BODY_IN_TEXT.search(text)
    if not acting:
        return []
    cuts = [acting.start(), acting.end()]
    first = next((m.start(1) for m in P.GLUED_NUMBER.finditer(text, acting.end()) if m.group(1) == "1"), len(text))
    cuts += [m.start() for m in P.PREAMBLE_START.finditer(text, acting.end() + 1, first)]
    return [cut for cut in cuts if 0 < cut < len(text)]


def _closing_cuts(text: str) -> list[int]:
    """Cut points of a resolution's adoption line glued after its last paragraph (``…执行情况。
    2031年7月24日第19次全体会议``) and of the footnotes glued after it (``1《…正式记录》。2大会…``)."""
    adoption = P.ADOPTION_LINE.search(text) if "次" in text else None  # 第…次会议: a cheap test first
    if not adoption or adoption.start() == 0 or text[adoption.start() - 1] not in "。；;":
        return []
    cuts, expected = [adoption.start(), adoption.end()], 1
    for match in P.GLUED_NOTE.finditer(text, adoption.end()):
        if int(match.group(1)) == expected:
            cuts.append(match.start(1))
            expected += 1
    return [cut for cut in cuts if cut < len(text)]


def _without_running_heads(text: str, own: str | None) -> str:
    """``text`` without job numbers and the running heads glued into it: the document's own symbol with
    its page number, next to a job number (``V.33-08127CTOC/COP/WG.2/2033/42``) or between the end of
    a sentence and the next paragraph's number (``…查阅。A/89/2032 6.一些国家…``)."""
    if own and own in text:
        head = re.escape(own) + r"\d{0,3}(?:/\d{1,3})?"
        job = P.JOB_NUMBER_IN_TEXT.pattern
        text = re.sub(rf"(?:{job})\s*{head}|{head}\s*(?:{job})", " ", text)
        text = re.sub(rf"(?<=[。；;])\s*{head}\s*(?=\d{{1,3}}[.．])", " ", text)
    if "-" not in text or not P.JOB_NUMBER_IN_TEXT.search(text):  # every job number has a hyphen
        return text
    return P.JOB_NUMBER_IN_TEXT.sub(" ", text).strip()


def _pieces(line: Line, cuts: list[int]) -> list[Line]:
    """``line`` cut at ``cuts`` (each piece after the first starts a paragraph: gap BREAK)."""
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line.text)]
    pieces = [line.text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    first = Line(pieces[0], line.page, line.gap, line.indent, line.justified)
    rest = [Line(text, line.page, _CUT, line.page is not None, False) for text in pieces[1:] if text]
    return ([first] if first.text else []) + rest


def _without_cover(blocks: list[Block]) -> list[Block]:
    """The blocks without the cover-page lines before the first numbered paragraph or chapter."""
    out = []
    front = True
    for block in blocks:
        text = block.text.strip()
        if front and (P.NUMBERED.match(text) or P.CHAPTER.match(text)):
            front = False
        if front and len(block.parts) == 1 and (P.COVER_LINE.match(text) or _symbol_only(text) or _glued_header(text)):
            continue
        out.append(block)
    return out


def _glued_header(text: str) -> bool:
    """A first-page header block glued into one piece by a flattened extraction
    (``联合国A/99/12大会Distr.:General5March2030ChineseOriginal:English``)."""
    header = P.HEADER_END.search(text)
    return bool(header and header.end() == len(text) and not re.search("[。，；]", text))


def _symbol_only(text: str) -> bool:
    """A line that is only a document symbol (with job number), e.g. the header's ``A/99/12``."""
    return bool(P.SYMBOL_LINE.match(text) or P.JOB_NUMBER_LINE.match(text))


class _Builder:
    """State of block building: the blocks so far, the paragraph number expected next and the
    agenda item titles (an annotated agenda repeats each title as the heading of its annotation)."""

    def __init__(self, lines: list[Line], wrapped: bool) -> None:
        self.lines, self.wrapped = lines, wrapped
        self.full = full_width(lines) if wrapped else 0
        self.blocks: list[Block] = []
        self.expected = 1
        self.in_agenda = False
        self.agenda: dict[str, str] = {}

    def run(self) -> list[Block]:
        lines, i = self.lines, 0
        while i < len(lines):
            last = self.blocks[-1] if self.blocks else None
            after_annex = self.wrapped and last and len(last.parts) == 1 and P.ANNEX.match(last.parts[0])
            table_end = _table_end(lines, i, self.full) if after_annex else None
            if table_end:
                self.finish()
                self.blocks.extend(_table_blocks(lines, i, table_end))
                i = table_end
                continue
            if not self.blocks or self.starts_new(lines[i - 1], lines[i]):
                self.open(i)
            else:
                sep = "\n" if self.item_line(lines[i - 1], lines[i]) else ""
                self.blocks[-1].add(i, lines[i].text, sep)
            i += 1
        self.finish()
        return self.blocks

    def starts_new(self, prev: Line, cur: Line) -> bool:
        block = self.blocks[-1]
        if self._after_agenda_item(block, prev, cur):
            return True
        if self.agenda and _repeats_agenda_title(block, self.agenda):
            return True
        return _starts_new(block, prev, cur, self.wrapped, self.full, self.expected)

    def _after_agenda_item(self, block: Block, prev: Line, cur: Line) -> bool:
        """After ``议程项目 6``, a front line that is the item's title (complete: not ending in ``、``
        ``的`` …) is not continued by a line that opens a title of its own (a date: ``2034年12月5日…
        的普通照会``; a verb: ``加强联合国…``)."""
        before = self.blocks[-2].text if len(self.blocks) > 1 else ""
        return (self.expected == 1 and len(block.parts) == 1 and bool(P.AGENDA_ITEM.match(before))
                and prev.text[-1:] not in _NEVER_ENDS and bool(P.TITLE_START.match(cur.text)))

    def item_line(self, prev: Line, cur: Line) -> bool:
        """An enumeration item ``(a)``/``㈠`` on its own line (after a short line in wrapped text)."""
        item = P.ENUMERATION.match(cur.text)
        if not item or (self.wrapped and not item.group().endswith((" ", "\u3000"))):
            return False
        before = _without_markers(prev.text)
        if not self.wrapped or before[-1] in "：；:;" or P.ENUMERATION.match(prev.text):
            return True
        return display_width(before) < _SHORT_RATIO * self.full

    def open(self, i: int) -> None:
        self.finish()
        line = self.lines[i]
        self.blocks.append(Block([line.text], line.page, i, [(i, 0)], length=len(line.text)))
        number = P.NUMBERED.match(line.text)
        if number and int(number.group(1)) >= self.expected:
            self.expected = int(number.group(1)) + 1

    def finish(self) -> None:
        if not self.blocks or self.blocks[-1].text:
            return
        block = self.blocks[-1]
        block.finish()
        number = P.NUMBERED.match(block.text)
        if P.AGENDA_HEADING.match(block.text):
            self.in_agenda = True
        elif self.in_agenda and number:
            self.agenda[number.group(1)] = _title_key(block.text[number.end():].split("\n")[0])
        else:
            self.in_agenda = False


def _title_key(text: str) -> str:
    """An agenda title compared without spaces and final punctuation."""
    return "".join(text.split()).rstrip("。：；:;.")


def _repeats_agenda_title(block: Block, agenda: dict[str, str]) -> bool:
    """The block is ``N.`` followed by exactly the title of agenda item N: a complete heading."""
    number = P.NUMBERED.match(block.parts[0])
    if not number or number.group(1) not in agenda or block.length > _MAX_TITLE:
        return False
    return _title_key("".join(block.parts)[number.end():]) == agenda[number.group(1)]


def _starts_new(block: Block, prev: Line, cur: Line, wrapped: bool, full: int, expected: int) -> bool:
    """Does ``cur`` start a new paragraph after ``prev`` (the last line of ``block``)?"""
    text, before = cur.text, _without_markers(prev.text)
    if cur.page is not None:
        before = _PLAIN_MARKER_END.sub("", before)
    if cur.gap == _CUT or P.VOTE_LINE.match(text) or P.ACTING_BODY.match(text) or ("草案" in before and P.DRAFT_LINE.search(before)) \
            or _twin(before, text) or P.COVER_LINE.match(text) or P.COVER_LINE.match(before):
        return True
    if _open_title(block.tail()):
        return False
    short = (display_width(before) < _SHORT_RATIO * full and not prev.justified) if wrapped else len(before) < 30
    ends = before[-1] in TERMINAL
    if cur.page is not None and cur.indent:
        return True
    if P.ENUMERATION.match(text) and (short or not wrapped):
        lone_heading = len(block.parts) == 1 and heading_shape(_without_markers(block.parts[0]))
        return lone_heading or _item_heading(text)
    number = P.NUMBERED.match(text)
    if P.CHAPTER.match(text) or P.LETTERED.match(text):
        return ends or short or not wrapped or _starts_with_heading_marker(block.parts[0])
    if number and (int(number.group(1)) == expected or ends or short):
        return True
    if wrapped:
        if before[-1] in TERMINAL and heading_shape(text) and display_width(text) < _TABLE_RATIO * full:
            return True
        if (number or P.LETTERED.match(text)) and _starts_with_heading_marker(block.parts[0]):
            return True
        if cur.gap == SAME_BLOCK and (cur.page is None or expected == 1) and _wrapped_heading(block, before, text):
            return False
        return _wrapped_boundary(block, before, cur, short)
    if cur.gap == SAME_BLOCK:
        if P.ACTING_BODY.match(before) or (before[-1] in "，," and P.PREAMBLE_LINE.match(text)):
            return True  # a resolution's lines: the acting body, then one preambular paragraph each
        return before[-1] not in _CONTINUES and not _wrapped_heading(block, before, text)
    return ends or not _is_prose(block)


def _twin(before: str, text: str) -> bool:
    """Aligned bilingual text: a Chinese line and an English line (either order) are twins, never one
    paragraph, whatever the first ends with (``Recalling its resolution 88/12,`` / ``回顾…，``)."""
    first = _script(before)
    return first != "mixed" and _script(text) not in (first, "mixed")


def _script(text: str) -> str:
    """``zh`` (4+ ideographs, at most one Latin word), ``en`` (3+ Latin words, no ideograph, no
    full-width punctuation: Latin words set between ``，`` are a wrapped line of Chinese text, e.g. an
    English title cited) or ``mixed``. Latin words, not symbols (the ``CTOC`` of CTOC/COP). Counts
    stop where the answer is known."""
    if not _IDEOGRAPH.search(text):
        english = _latin_words(text, 3) == 3 and not _FULL_WIDTH_PUNCTUATION.search(text)
        return "en" if english else "mixed"
    if _FOUR_IDEOGRAPHS.search(text) and _latin_words(text, 2) < 2:
        return "zh"
    return "mixed"


def _latin_words(text: str, most: int) -> int:
    """How many Latin words ``text`` holds, counted up to ``most`` (one search per word)."""
    count, position = 0, 0
    while count < most and (word := _LATIN_WORD.search(text, position)):
        count, position = count + 1, word.end()
    return count


def _wrapped_heading(block: Block, before: str, text: str) -> bool:
    """In clean text, a front-matter title wrapped at a narrow column width: a long unpunctuated line
    and its continuation on the next line with no blank between (``…以及采取措施加强刑事`` /
    ``事项国际合作…``)."""
    return (display_width(before) >= _WRAPPED_TITLE_WIDTH and heading_shape(before, 200)
            and heading_shape(block.parts[0], 200) and heading_shape(text, 200) and not P.NUMBERED.match(text)
            and not P.ACTING_BODY.match(text) and not PREPARED_BY.match(text) and not P.CHAPTER.match(text)
            and not P.DATE_LINE.match(text) and not P.DATE_LINE.match(before) and _script(before) == _script(text))


def _without_markers(text: str) -> str:
    """A line without trailing footnote markers (``…的进展。⁸`` and ``…号决议，1/`` end with punctuation)."""
    tail = P.SLASH_MARKER.sub("", P.SUPERSCRIPT_RUN.sub("", text[-12:])).rstrip()
    return (text[:-12] + tail) or text


def _wrapped_boundary(block: Block, before: str, cur: Line, short: bool) -> bool:
    if short:
        if cur.page is not None and _MID_SENTENCE.search(before):
            return False
        return before[-1] not in _NEVER_ENDS
    numbered = bool(P.NUMBERED.match(block.parts[0]))
    if not numbered and P.SYMBOL_IN_PARENS_END.search(before):
        return True
    if cur.page is not None:
        return False  # a PDF marks paragraph starts by indentation (see ingest.read)
    return before[-1] in SENTENCE_END and not numbered and cur.gap < BREAK


def _starts_with_heading_marker(text: str) -> bool:
    """The block opened with ``一.``/``A.`` (a heading: a numbered line after it starts anew)."""
    return bool(P.CHAPTER.match(text) or P.LETTERED.match(text))


def _item_heading(text: str) -> bool:
    """An enumeration line that is a sub-heading (``(b) 通过议程和工作安排``): short, unpunctuated."""
    return len(text) < 30 and heading_shape(text) and not any(mark in text for mark in "；;，,、：:")


def _open_title(tail: str) -> bool:
    """An unclosed 《 near the end of the block: the title continues on the next line."""
    return tail.rfind("《") > tail.rfind("》")


def _is_prose(block: Block) -> bool:
    """Running text (clause punctuation in its first or last lines), not a title or heading line."""
    sample = block.parts[0] + block.tail()
    return block.length >= 30 and any(mark in sample for mark in "。，；")


def heading_shape(text: str, limit: int = 100) -> bool:
    """At most ``limit`` characters, no sentence punctuation at the end or inside: a heading or title line."""
    text = text.strip()
    return bool(text) and len(text) <= limit and text[-1] not in TERMINAL and "。" not in text


def _table_end(lines: list[Line], start: int, full: int) -> int | None:
    """From an annex title line: the end of the table-like run of short lines that follows it."""
    end = start + 1
    while end < len(lines) and not P.ANNEX.match(lines[end].text):
        end += 1
    region = lines[start + 1:end]
    short = sum(1 for line in region if display_width(line.text) < _TABLE_RATIO * full)
    return end if len(region) >= 3 and short >= 0.5 * len(region) else None


def _table_blocks(lines: list[Line], title: int, end: int) -> list[Block]:
    """The annex title line as one block, then one block per table row (``ingest.tables``)."""
    head = Block([lines[title].text], lines[title].page, title, [(title, 0)], length=len(lines[title].text))
    head.finish()
    blocks = [head]
    first = title + 1
    for offset, row in table_rows([line.text for line in lines[first:end]]):
        index = first + offset
        block = Block([row], lines[index].page, index, [(index, 0)], table=True, length=len(row))
        block.finish()
        blocks.append(block)
    return blocks
