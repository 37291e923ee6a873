"""Cleaning (DESIGN.md, Ingestion 2): raw page text -> body lines and lifted-out footnotes.

``clean_pages`` strips markup and PDF residue (markdown links, bold, autolinks, symbols broken across
lines, spaced-out characters), drops running headers and footers (job numbers such as
``V.16-01235 5``, bare page numbers, the repeated symbol line), lifts footnotes out of the flow
(superscript-marked lines, ``* CTOC/…`` agenda footnotes, blocks after a ``____`` separator) and
records, for every kept line, the page it is on and what separated it from the previous kept line.
Joining lines into paragraphs is the segmenter's job (``ingest.segment``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import patterns as P

#: ``Line.gap`` values: what lies between a line and the previous kept line.
SAME_BLOCK, BLANK, BREAK = 0, 1, 2

_ASCII_WORD_END = re.compile(r"[A-Za-z0-9,;:.)\]]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9(\[]")


@dataclass
class Line:
    """One kept body line: its text (stripped), page, gap before it and whether it was indented."""

    text: str
    page: int | None
    gap: int
    indent: bool = False
    justified: bool = False


@dataclass
class RawFootnote:
    """A footnote lifted out of the flow: its mark, text, page and how many body lines preceded it."""

    mark: str
    text: str
    page: int | None
    before: int
    slash: bool = False


#: What every BROKEN_SYMBOL match holds (a slash at a line's end): searched before its slower scan.
_SLASH_AT_LINE_END = re.compile(r"/[ \t]*\n")


def display_width(text: str) -> int:
    """Width in half-width cells: ideographs and full-width forms (3 bytes in UTF-8) count 2.

    Computed from the UTF-8 length (one C-level pass) rather than character by character."""
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def join_pieces(left: str, right: str) -> str:
    """Join two pieces of one sentence split by a hard wrap: Latin words keep one space, CJK none."""
    if not left:
        return right
    if _ASCII_WORD_END.search(left) and _ASCII_WORD_START.match(right) and not left.endswith("/"):
        return f"{left} {right}"
    return left + right


def clean_markup(text: str) -> str:
    """Strip markdown residue and PDF artefacts that live inside lines (keeps every word)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", " ")
    text = text.replace("\ufeff", "").replace("\u200b", "")
    text = P.MD_LINK.sub(r"\1", text)
    text = P.MD_BOLD.sub(r"\1", text)
    text = P.MD_AUTOLINK.sub(r"\1", text)
    return P.BROKEN_SYMBOL.sub(r"\1", text) if _SLASH_AT_LINE_END.search(text) else text


def collapse_spaced(text: str) -> tuple[str, bool]:
    """Collapse spaced-out characters (``进 区 域 和 国 际``); also say whether any were found."""
    if " " not in text:  # every spaced-out run has spaces: the scan is skipped
        return text, False
    collapsed = P.SPACED_OUT.sub(lambda m: m.group().replace(" ", ""), text)
    return collapsed, collapsed != text


def clean_pages(pages: tuple[tuple[int | None, str], ...], paged: bool) -> tuple[list[Line], list[RawFootnote]]:
    """Body lines and footnotes of a document's pages (see module docstring)."""
    state = _State(paged=paged)
    for number, raw in pages:
        lines = clean_markup(raw).split("\n")
        edge = _page_edges(lines) if paged else set()
        state.new_page()
        for index, raw_line in enumerate(lines):
            state.feed(raw_line, number, index in edge)
    _drop_repeated_symbol_lines(state.body, state.footnotes)
    return state.body, state.footnotes


def _page_edges(lines: list[str]) -> set[int]:
    """Indexes of the first and last three non-empty lines of a page (where running heads live)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:3] + filled[-3:])


class _State:
    """The line-by-line cleaner: keeps body lines, collects footnotes, tracks gaps."""

    def __init__(self, paged: bool) -> None:
        self.paged = paged
        self.body: list[Line] = []
        self.footnotes: list[RawFootnote] = []
        self.gap = BLANK
        self.in_notes = False
        self.last_number = 0
        self.recent_job = 0

    def new_page(self) -> None:
        if self.body:
            self.gap = BREAK
        self.in_notes = False

    def feed(self, raw: str, page: int | None, at_edge: bool) -> None:
        text, justified = collapse_spaced(raw.strip())
        self.recent_job = max(0, self.recent_job - 1)
        if not text:
            self.gap = max(self.gap, BLANK)
            return
        if self._is_running_head(text, at_edge):
            self.gap = BREAK
            return
        if P.FOOTNOTE_SEPARATOR.match(text):
            self.in_notes, self.gap = True, BREAK
            return
        if self._footnote(raw, text, page):
            self.gap = BREAK
            return
        if self.paged and self.body and P.MARKER_LINE.match(text) and self.body[-1].page == page:
            self.body[-1].text += text  # a raised footnote marker extracted on a line of its own
            return
        self.in_notes = False
        self.body.append(Line(text, page, self.gap, indent=raw[:1].isspace(), justified=justified))
        self.gap = SAME_BLOCK

    def _is_running_head(self, text: str, at_edge: bool) -> bool:
        if P.JOB_NUMBER_LINE.match(text):
            self.recent_job = 6
            self.in_notes = False
            self._drop_trailing_symbol_line()
            return True
        if P.PAGE_NUMBER_LINE.match(text) and (at_edge or self.recent_job):
            return True
        return bool(P.SYMBOL_LINE.match(text) and (at_edge or self.recent_job))

    def _drop_trailing_symbol_line(self) -> None:
        """A symbol line just before a job-number line is the same running head (header and footer
        extracted together at a page break: ``CTOC/COP/WG.6/2016/1`` / ``V.16-01235 5``)."""
        if self.body and P.SYMBOL_LINE.match(self.body[-1].text) and self.gap > SAME_BLOCK:
            self.body.pop()

    def _footnote(self, raw: str, text: str, page: int | None) -> bool:
        """Take ``text`` as a footnote (new or continued); True when it was one."""
        match = P.SUPERSCRIPT_FOOTNOTE.match(text)
        if match:
            return self._add(superscript_to_digits(match.group(1)), text[match.end():], page)
        match = P.SLASH_FOOTNOTE.match(text)
        if match and self._plausible_mark(match.group(1)):
            self._add(match.group(1), text[match.end():], page)
            self.footnotes[-1].slash = True
            return True
        if self.in_notes:
            match = P.PLAIN_FOOTNOTE.match(text)
            if match and self._plausible_mark(match.group(1)):
                return self._add(match.group(1), text[match.end():], page)
            if self.footnotes and not raw[:1].isspace() and not P.NUMBERED.match(text):
                last = self.footnotes[-1]
                last.text = join_pieces(last.text, text)
                return True
            return False
        match = P.STAR_FOOTNOTE.match(text)
        if match and len(text) < 200 and "/" in text and not P.MD_BOLD.match(text):
            return self._add(match.group(1), text[match.end():], page)
        return False

    def _plausible_mark(self, mark: str) -> bool:
        """Footnote numbers run in sequence: ``5 月 18 日`` after footnote 1 is not footnote 5."""
        if not mark.isdigit():
            return True
        return int(mark) == self.last_number + 1 or (self.last_number == 0 and int(mark) < 20)

    def _add(self, mark: str, text: str, page: int | None) -> bool:
        if mark.isdigit():
            self.last_number = int(mark)
        self.footnotes.append(RawFootnote(mark, text.strip(), page, len(self.body)))
        return True


_SUPERSCRIPT_TO_DIGIT = str.maketrans(P.SUPERSCRIPTS, "0123456789")


def superscript_to_digits(text: str) -> str:
    """``¹⁰`` -> ``10``."""
    return text.translate(_SUPERSCRIPT_TO_DIGIT)


def _drop_repeated_symbol_lines(body: list[Line], footnotes: list[RawFootnote]) -> None:
    """A symbol-only line that recurs (running header in text without page breaks) is dropped;
    footnote positions (``before``) are moved to match."""
    counts: dict[str, int] = {}
    for line in body:
        if P.SYMBOL_LINE.match(line.text):
            counts[line.text] = counts.get(line.text, 0) + 1
    repeated = {text for text, n in counts.items() if n >= 2}
    if not repeated:
        return
    kept_before = []
    kept = 0
    for line in body:
        kept_before.append(kept)
        kept += line.text not in repeated
    kept_before.append(kept)
    for note in footnotes:
        note.before = kept_before[note.before]
    body[:] = [line for line in body if line.text not in repeated]
