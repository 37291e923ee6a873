"""Block classification: kind, key and section path of every block (DESIGN.md, Ingestion 3).

Headings form a section path (``一.`` chapter, ``A.`` section, ``1.`` subsection, ``(a)`` item).
Numbered paragraphs follow a running sequence: a block ``N.`` is paragraph N when N is the number
expected next (or a small jump forward ending in punctuation), otherwise a short unpunctuated ``N.``
line is a heading. In a resolution the acting body line (``…缔约方会议，``) opens the preamble
(``PP1…``) and numbered paragraphs are operative. Under a ``临时议程`` heading numbered entries are
agenda items. Everything else is a heading (short, no sentence punctuation) or text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ingest import patterns as P
from ingest.segment import TERMINAL, Block, heading_shape

#: Section levels of the heading markers.
_CHAPTER, _LETTER, _NUMBER, _ITEM = range(4)
#: The largest forward jump in paragraph numbers accepted (a paragraph lost by extraction).
_MAX_JUMP = 5


@dataclass(frozen=True)
class Segment:
    """A classified block: what becomes a Paragraph once offsets are known."""

    key: str
    kind: str
    prefix: str
    text: str
    section: tuple[str, ...]
    page: int | None
    marks: tuple[str, ...]
    marker_offsets: tuple[int, ...] = ()


class _Classifier:
    def __init__(self, resolution_hint: bool) -> None:
        self.section: list[tuple[int, str]] = []
        self.expected = 1
        self.used: set[str] = set()
        self.counts = {"h": 0, "t": 0, "PP": 0}
        self.agenda = False
        self.resolution = resolution_hint
        self.preamble = False
        self.operative_seen = False
        self.last = False

    def path(self) -> tuple[str, ...]:
        return tuple(marker for _, marker in self.section)

    def enter(self, level: int, marker: str) -> None:
        self.section = [(lv, m) for lv, m in self.section if lv < level] + [(level, marker)]

    def counter(self, prefix: str) -> str:
        self.counts[prefix] += 1
        return f"{prefix}{self.counts[prefix]}"

    def segment(self, block: Block) -> Segment:
        kind, key, prefix, text = self.classify(block)
        offsets = tuple(max(0, offset - len(prefix)) for offset in block.marker_offsets)
        return Segment(key, kind, prefix, text, self.path(), block.page, tuple(block.marks), offsets)

    def classify(self, block: Block) -> tuple[str, str, str, str]:
        text = block.text
        if block.table:
            return "text", self.counter("t"), "", text
        if P.ANNEX.match(text):
            self.agenda = False
            self.enter(_CHAPTER, "".join(text.split()))
            return "heading", self.counter("h"), "", text
        for pattern, level in ((P.CHAPTER, _CHAPTER), (P.LETTERED, _LETTER)):
            match = pattern.match(text)
            if match and heading_shape(text[match.end():], 120):
                self.agenda = False
                self.enter(level, match.group(1) + ".")
                return "heading", self.counter("h"), "", text
        match = P.NUMBERED.match(text)
        if match:
            return self.numbered(int(match.group(1)), text, match.end())
        return self.unnumbered(text)

    def numbered(self, number: int, text: str, end: int) -> tuple[str, str, str, str]:
        body, key = text[end:], str(number)
        if self.agenda and key not in self.used:
            self.used.add(key)
            return "agenda_item", key, text[:end], body
        fresh = key not in self.used
        in_sequence = number == self.expected and (not heading_shape(body, 40) or self.last)
        jumped = self.expected < number <= self.expected + _MAX_JUMP and body[-1:] in TERMINAL
        if fresh and (in_sequence or jumped):
            self.used.add(key)
            self.expected = number + 1
            self.preamble = False
            kind = "operative" if self.resolution else "numbered"
            self.operative_seen = self.operative_seen or self.resolution
            return kind, key, text[:end], body
        if heading_shape(body, 120):
            self.enter(_NUMBER, f"{number}.")
            return "heading", self.counter("h"), "", text
        return "text", self.counter("t"), "", text

    def unnumbered(self, text: str) -> tuple[str, str, str, str]:
        if P.VOTE_LINE.match(text) or P.DATE_LINE.match(text):
            return "text", self.counter("t"), "", text
        if P.RESOLUTION_TITLE.match(text) or P.RESOLUTION_HEAD.fullmatch(text):
            self.resolution = True
            return "heading", self.counter("h"), "", text
        if self.resolution and not self.preamble and not self.operative_seen and P.ACTING_BODY.match(text):
            self.preamble = True
            return "text", self.counter("t"), "", text
        if self.preamble and self.counts["PP"] == 0 and P.ACTING_BODY_EN.match(text):
            return "text", self.counter("t"), "", text
        if self.preamble:
            return "preamble", self.counter("PP"), "", text
        item = P.ENUMERATION.match(text)
        if item and heading_shape(text[item.end():], 60):
            self.enter(_ITEM, item.group().strip())
            return "heading", self.counter("h"), "", text
        if P.AGENDA_HEADING.match(text):
            self.agenda = True
            return "heading", self.counter("h"), "", text
        if heading_shape(text, 90) and _has_cjk(text):
            self.agenda = False
            return "heading", self.counter("h"), "", text
        return "text", self.counter("t"), "", text


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def classify(blocks: list[Block], resolution_hint: bool = False) -> list[Segment]:
    """Kinds, keys and section paths for ``blocks`` in order (see module docstring). The last block
    is never an unmarked heading: a heading heads something, so a short unpunctuated last block is a
    paragraph cut off (or a closing line)."""
    classifier = _Classifier(resolution_hint)
    blocks = [block for block in blocks if block.text.strip()]
    segments = []
    for index, block in enumerate(blocks):
        classifier.last = index == len(blocks) - 1
        segments.append(classifier.segment(block))
    if len(segments) > 1 and segments[-1].kind == "heading" and not _marked_heading(segments[-1].text):
        segments[-1] = replace(segments[-1], kind="text", key=classifier.counter("t"))
    return segments


def _marked_heading(text: str) -> bool:
    """A heading with a marker (``一.``, ``A.``, ``1.``, ``附件``)."""
    return bool(P.CHAPTER.match(text) or P.LETTERED.match(text) or P.NUMBERED.match(text) or P.ANNEX.match(text))
