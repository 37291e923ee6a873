"""Lettered and numbered items inside a paragraph, and the pinpoint of a match that lies in one of
them (issue 10 item 9): a recommendation listing (a)…(f) is one paragraph, but a hit whose matches
all fall inside item (c) is cited "CTOC/COP/WG.6/2014/2, para. 14 (c)".

Items are ``(a)`` ``(b)`` … at the start of a line or after a colon/semicolon/comma (not "第 5 条(c)款",
a citation), consecutive letters only, and ``㈠`` ``㈡`` … (cited as (i), (ii) …), nested inside a
lettered item when both occur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: ``(a)`` opening an item: at a line start or after ：:；;，,。 (spaces allowed).
LETTER = re.compile(r"(?:^|(?<=[\n：:；;，,。、]))[ \t]*[(（]([a-z])[)）]", re.M)
#: ``㈠``…``㈩`` opening an item.
NUMERAL = re.compile(r"[㈠-㈩]")
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


@dataclass(frozen=True)
class Item:
    """One item: its pinpoint (``(c)``, ``(b)(ii)``) and its span in the paragraph text."""

    pin: str
    start: int
    end: int


def items(text: str) -> list[Item]:
    """The items of a paragraph, innermost last (a lettered item, then its numeral sub-items)."""
    letters = _run([(m.start(), m.group(1)) for m in LETTER.finditer(text)], "abcdefghijklmnopqrstuvwxyz")
    numerals = [(m.start(), ROMAN[ord(m.group()) - ord("㈠")]) for m in NUMERAL.finditer(text)]
    out = []
    for i, (start, letter) in enumerate(letters):
        end = letters[i + 1][0] if i + 1 < len(letters) else len(text)
        out.append(Item(f"({letter})", start, end))
        inner = [(s, r) for s, r in numerals if start < s < end]
        out += [Item(f"({letter})({r})", s, e) for (s, r), e in _spans(inner, end)]
    if not letters:
        out += [Item(f"({r})", s, e) for (s, r), e in _spans(numerals, len(text))]
    return out


def _run(found: list[tuple[int, str]], order: str) -> list[tuple[int, str]]:
    """The markers forming a run a, b, c … from the first (a stray "(c)" is no item)."""
    out: list[tuple[int, str]] = []
    for start, label in found:
        if order.index(label) == len(out):
            out.append((start, label))
    return out if len(out) >= 2 else []


def _spans(markers: list[tuple[int, str]], end: int) -> list[tuple[tuple[int, str], int]]:
    return [(m, markers[i + 1][0] if i + 1 < len(markers) else end) for i, m in enumerate(markers)]


def pinpoint(text: str, marks: tuple[str, ...]) -> str | None:
    """The pinpoint of the innermost item holding every occurrence of the query's marks in
    ``text`` (None when the matches lie outside items or in several)."""
    spots = [(m.start(), m.end()) for mark in marks if mark.strip()
             for m in re.finditer(re.escape(mark), text, re.I)]
    if not spots:
        return None
    best = None
    for item in items(text):
        if all(item.start <= s and e <= item.end for s, e in spots):
            best = item  # later items of the list are nested inside earlier ones
    return best.pin if best else None
