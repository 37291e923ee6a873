"""Citable labels for every paragraph, numbered or not (the rule is written in the README).

A printed number is cited as printed: ``CTOC/COP/WG.6/2014/2, para. 85``, ``resolution 11/6, preamble
para. 3``, ``…, footnote 4``. Text without a printed number is cited by the place a reader can find
without counting the whole document — the section (chapter, section, subsection; in the annotations to
a provisional agenda, the agenda item; the annex) — and its position there:

- ``CTOC/COP/WG.6/2016/1, annotations, item 2`` (the heading of item 2 in the annotations),
- ``CTOC/COP/WG.6/2016/1, annotations, item 1 (b), 3rd paragraph`` (unnumbered paragraphs are counted
  within their section, headings not counted),
- ``CTOC/COP/WG.6/2018/3, chap. III, sect. A.3, 1st paragraph``,
- ``CTOC/COP/WG.6/2018/3, chap. III, sect. C.1`` (a numbered heading is its section),
- ``CTOC/COP/WG.6/2014/2, chap. II, sect. A, heading “良好做法”`` (an unnumbered sub-heading),
- ``CTOC/COP/WG.6/2016/1, provisional agenda, item 2`` (an agenda item),
- ``resolution 11/6, front matter, 1st paragraph`` (before the first numbered heading).

Chinese chapter numbers (一. 二. …) are written as the Roman numerals of the UN's other language
versions (chap. I, II …). A document without a symbol is named by its title and date (``Document.name``).
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.records import Document, Paragraph

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
          ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
#: Longest heading text quoted in a label.
HEADING_CHARS = 20


def chinese_number(text: str) -> int | None:
    """``三`` -> 3, ``十二`` -> 12, ``二十`` -> 20; None when ``text`` is not a Chinese numeral below 100."""
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return value if (not tens or tens in _CN_DIGITS) and (not units or units in _CN_DIGITS) else None


def roman(number: int) -> str:
    """12 -> ``XII``."""
    out = []
    for letters, value in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def ordinal(n: int) -> str:
    """1 -> ``1st``, 2 -> ``2nd``, 11 -> ``11th``, 23 -> ``23rd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def section_name(section: tuple[str, ...], agenda: bool) -> str:
    """How a section path is cited: ``('三.', 'A.', '1.')`` -> ``chap. III, sect. A.1``; in the
    annotations of an agenda ``('1.', '(b)')`` -> ``annotations, item 1 (b)``; ``('附件',)`` -> ``annex``."""
    parts = [unicodedata.normalize("NFKC", s).strip().rstrip(".").strip() for s in section]
    if not parts:
        return "front matter"
    head, rest = parts[0], parts[1:]
    if head.startswith("附件"):
        number = chinese_number(head.removeprefix("附件"))
        return "annex" + (f" {roman(number)}" if number else "") + "".join(f", {p}" for p in rest)
    if agenda and head.isdigit():
        return "annotations, item " + " ".join([head, *rest])
    number = chinese_number(head)
    if number is not None:
        out = f"chap. {roman(number)}"
        return out + (", sect. " + ".".join(rest) if rest else "")
    return "sect. " + ".".join(parts)


def positions(document: Document) -> dict[str, str]:
    """Paragraph key -> where it is cited (``chap. II, 2nd paragraph``) for every unnumbered paragraph
    and heading of ``document``."""
    agenda = document.doc_type == "agenda"
    out: dict[str, str] = {}
    counts: dict[tuple[str, ...], list[str]] = {}
    titled: set[tuple[str, ...]] = set()
    seen: dict[str, int] = {}  # a heading printed twice in one section: the 2nd is "(2nd)"
    for para in document.paragraphs:
        where = section_name(para.section, agenda)
        if para.kind == "heading":
            if para.section and para.section not in titled:
                titled.add(para.section)
                out[para.key] = where
            else:
                text = " ".join(para.text.split())
                short = text if len(text) <= HEADING_CHARS else text[:HEADING_CHARS - 1] + "…"
                label = f"{where}, heading “{short}”"
                seen[label] = seen.get(label, 0) + 1
                out[para.key] = label if seen[label] == 1 else f"{label} ({ordinal(seen[label])})"
        elif para.kind == "text":
            counts.setdefault(para.section, []).append(para.key)
    for section, keys in counts.items():
        where = section_name(section, agenda)
        for n, key in enumerate(keys, 1):
            out[key] = f"{where}, {ordinal(n)} paragraph"
    return out


def where(document: Document, paragraph: Paragraph) -> str:
    """The part of a label after the document's name (see the module docstring)."""
    key = paragraph.key
    if paragraph.kind == "preamble" and key.startswith("PP"):
        return f"preamble para. {key[2:]}"
    if paragraph.kind == "footnote" and key.startswith("fn"):
        return f"footnote {key[2:]}"
    if paragraph.kind == "agenda_item":
        return f"provisional agenda, item {key}"
    if key[:1].isdigit():
        return f"para. {key}"
    if paragraph.kind in ("heading", "text"):
        found = document._citable_positions().get(key)
        if found:
            return found
    return key
