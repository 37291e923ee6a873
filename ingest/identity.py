"""The document's own identity: its symbol and, for a resolution or decision, its canonical number.

Where the UN prints a document's own symbol, in order of trust:

1. the first line of a resolution or decision (``第 88/12 号决议``, ``联合国大会88/12号决议``,
   ``S/RES/9999 (2030)``, ``56/120. 标题``) and a presidential statement named in words
   (``安理会主席声明2030年第5号`` = ``S/PRST/2030/5``);
2. the first-page header block: the symbol at the very top of the text or next to ``Distr.``, also
   when extraction glued it to its neighbours (``联合国A/99/12大会Distr.:General5March2030``);
3. the running page headers: symbol-only lines, compared across pages so that a page number glued to
   the symbol (``E/99/37`` + page ``2`` = ``E/99/372``) does not make a new symbol;
4. the file name (``CTOC_COP_WG.6_2018_3_C.pdf``).

Job numbers (``V.99-81234``, ``30-12345 (C)``) have no slash and are never a symbol. A symbol after
``*`` is an agenda footnote (the agenda's symbol, not this document's).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest import patterns as P

#: Issuing bodies by the name printed in a resolution (acting body line or heading).
BODIES = (("缔约方会议", "COP"), ("安全理事会", "SC"), ("安理会", "SC"), ("经济及社会理事会", "ECOSOC"),
          ("经社理事会", "ECOSOC"), ("人权理事会", "HRC"), ("麻醉药品委员会", "CND"),
          ("预防犯罪和刑事司法委员会", "CCPCJ"), ("大会", "GA"))
#: Issuing bodies by the series of a symbol (longest prefix first).
_SERIES_BODIES = (("A/HRC/", "HRC"), ("E/CN.7/", "CND"), ("E/CN.15/", "CCPCJ"), ("CTOC/COP/", "COP"),
                  ("A/", "GA"), ("S/", "SC"), ("E/", "ECOSOC"))
#: How far into a flattened text the header block may reach (characters).
_HEADER_REACH = 400
#: A symbol this close to the start of the text (non-space characters before it) is the header's.
_TOP = 12
#: Full-width letters, digits, slash and full stop (``ＣＴＯＣ／２０２０``).
_FULLWIDTH = re.compile(r"[\uff0e\uff0f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


@dataclass(frozen=True)
class Identity:
    """What the text says the document is: its symbol, and ``resolution``/``decision`` with the
    canonical number (``GA 88/12``, ``SC 9999 (2030)``) when it is one."""

    symbol: str | None = None
    kind: str | None = None
    number: str | None = None


def normalize_symbol(symbol: str) -> str:
    """Full-width to ASCII, spaces and line breaks removed, underscores to slashes:
    ``ＣＴＯＣ/COP/ WG.6/2012/3`` -> ``CTOC/COP/WG.6/2012/3``, ``CTOC_COP_2012_6`` -> ``CTOC/COP/2012/6``.
    A Security Council resolution keeps the UN's space before its year: ``S/RES/9999 (2030)``."""
    text = unicodedata.normalize("NFKC", symbol)
    text = re.sub(r"\s+", "", text)
    if "/" not in text and "_" in text:
        text = text.replace("_", "/")
    text = text.strip("。.，,;；")
    text = re.sub(r"-[A-Z][A-Za-z.]*/.*$", "", text)  # a double symbol: E/2031/30-E/CN.15/2031/14
    return re.sub(r"(?<=\d)\((\d{4})\)$", r" (\1)", text)


def ascii_symbols(text: str) -> str:
    """``ＣＴＯＣ／２０２０`` -> ``CTOC/2020`` (other characters unchanged, same length)."""
    return _FULLWIDTH.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def body_of_symbol(symbol: str) -> str | None:
    """``GA`` for ``A/…``, ``SC`` for ``S/…``, ``HRC`` for ``A/HRC/…`` (the issuing series)."""
    return next((body for prefix, body in _SERIES_BODIES if symbol.startswith(prefix)), None)


def body_named(text: str) -> str | None:
    """The body code of the first body name in ``text`` (``安全理事会，`` -> ``SC``)."""
    found = [(text.find(name), code) for name, code in BODIES if name in text]
    return min(found)[1] if found else None


def canonical_number(number: str, body: str | None) -> tuple[str, str] | None:
    """(body, number) spaced as in canonical ids: ``1234 B(XX)`` -> (``GA``, ``1234 B (XX)``),
    ``9999(2030)`` -> (``SC``, ``9999 (2030)``), ``56/24V`` -> ``56/24 V``. The number's shape
    decides the body where it can (a Roman session is the GA's, a year in brackets the Council's);
    None when the body is unknown or impossible for the shape."""
    number = " ".join(number.split())
    roman = P.ROMAN_NUMBER.match(number)
    if roman:
        part = f" {roman.group(2)}" if roman.group(2) else ""
        return ("GA", f"{roman.group(1)}{part} ({roman.group(3)})") if body in (None, "GA") else None
    council = P.SC_NUMBER.match(number)
    if council:
        return ("SC", f"{council.group(1)} ({council.group(2)})") if body in (None, "SC") else None
    number = re.sub(r"(\d)\s?([A-Z])$", r"\1 \2", number)
    return (body, number) if body else None


def resolution_of_symbol(symbol: str) -> tuple[str, str] | None:
    """(kind, ``BODY number``) of a resolution/decision symbol: ``A/RES/88/12`` ->
    (``resolution``, ``GA 88/12``), ``S/RES/9999 (2030)`` -> (``resolution``, ``SC 9999 (2030)``)."""
    match = P.RESOLUTION_SYMBOL.match(symbol)
    if not match:
        return None
    body = {"A": "GA", "S": "SC", "E": "ECOSOC", "A/HRC": "HRC"}[match.group("series")]
    canonical = canonical_number(match.group("number"), body)
    if not canonical:
        return None
    kind = "resolution" if match.group("kind") == "RES" else "decision"
    return kind, " ".join(canonical)


def resolution_heading(front: list[str], acting: str | None) -> tuple[str, str] | None:
    """(kind, ``BODY number``) from the first lines: ``第 88/12 号决议`` with ``大会，`` acting,
    ``联合国大会88/12号决议``, ``56/120. 标题`` (a GA-style number heading). ``acting`` is the
    acting body line (or the text where one was found), used when the heading names no body."""
    for index, line in enumerate(front[:4]):
        line = ascii_symbols(line.strip())
        adopted = P.ADOPTED_BY.match(line)
        following = ascii_symbols(front[index + 1].strip()) if index + 1 < len(front) else ""
        bare = P.BARE_NUMBER.match(following)
        if adopted and bare:
            canonical = canonical_number(bare.group(1), body_named(adopted.group("body")))
            if canonical:
                return ("resolution" if adopted.group("kind") == "决议" else "decision"), " ".join(canonical)
        match = P.RESOLUTION_HEAD.match(line)
        numbered = P.RESOLUTION_NUMBER_TITLE.match(line)
        if match:
            opening = _decision_opening(front[index + 1:index + 4])
            named = (body_named(match.group("body") or "") or body_named(acting or "")
                     or (body_named(opening.group("body")) if opening else None))
            canonical = canonical_number(match.group("number"), named)
            if canonical:
                return ("resolution" if match.group("kind") == "决议" else "decision"), " ".join(canonical)
        elif numbered:
            opening = _decision_opening(front[index + 1:index + 4])
            body = body_named(acting or "") if acting else body_named(opening.group("body")) if opening else None
            part = front[index + 1].strip() if index + 1 < len(front) else ""
            number = f"{numbered.group(1)} {part}" if P.PART_LETTER.match(part) else numbered.group(1)
            canonical = canonical_number(number, body) if body else None
            if canonical:
                return ("resolution" if acting else "decision"), " ".join(canonical)
    return None


def _decision_opening(lines: list[str]) -> re.Match[str] | None:
    """A decision's opening among the lines after its number (``在2034年12月5日第55次全体会议上，
    大会…决定``), also when its date is split over two lines (``在2033年12`` / ``月7日第58次…``)."""
    for index, line in enumerate(lines):
        if line.lstrip().startswith("在"):
            return P.DECISION_OPENING.match("".join("".join(lines[index:index + 2]).split()))
    return None


def statement_symbol(text: str) -> str | None:
    """``安理会主席声明2030年第5号`` (near the start of the text) -> ``S/PRST/2030/5``."""
    match = P.PRST_IN_WORDS.search(text[:_HEADER_REACH])
    return f"S/PRST/{match.group(1)}/{int(match.group(2))}" if match else None


def header_symbol(text: str) -> str | None:
    """The symbol of the first-page header block: at the very top of the text, or printed next to
    ``Distr.`` (both also when glued to neighbours); a symbol after ``*`` is an agenda footnote."""
    head = ascii_symbols(text[:_HEADER_REACH])
    distr = P.DISTR.search(head)
    for match in P.SYMBOL_IN_TEXT.finditer(head):
        before = head[:match.start()]
        if before.rstrip().endswith("*"):
            continue
        top = len("".join(before.split())) <= _TOP and not re.search("[。，；]", before)
        near_distr = distr is not None and -80 < distr.start() - match.end() < 80
        if top or near_distr:
            return normalize_symbol(match.group(1))
    return None


def running_symbol(lines: list[str]) -> str | None:
    """The symbol of the running page headers: symbol-only lines (a page number may stand before or
    after it, or be glued to it), the one that explains most lines (``E/99/372`` and ``E/99/373``
    are ``E/99/37`` on pages 2 and 3); the longest such symbol on a tie."""
    seen: dict[str, int] = {}
    for line in lines:
        text = ascii_symbols(line).strip()
        if not text or text.startswith("*") or P.JOB_NUMBER_LINE.match(text):
            continue
        match = P.SYMBOL_LINE.match(text)
        if match:
            symbol = normalize_symbol(match.group(1))
            seen[symbol] = seen.get(symbol, 0) + 1
    if not seen:
        return None
    return max(_explained(seen).items(), key=lambda item: (item[1], item[0] in seen, len(item[0])))[0]


def _explained(seen: dict[str, int]) -> dict[str, int]:
    """For each symbol, and each of its prefixes without 1–2 trailing digits that other lines share,
    how many lines it explains (the line itself, or the line with a page number glued on)."""
    candidates = set(seen)
    for symbol in seen:
        for cut in (1, 2):
            stem = symbol[:-cut]
            if symbol[-cut:].isdigit() and stem[-1:].isdigit():
                if any(other != symbol and other.startswith(stem) and other[len(stem):].isdigit()
                       for other in seen):
                    candidates.add(stem)
    return {c: sum(n for s, n in seen.items() if s == c or (s.startswith(c) and s[len(c):].isdigit()
                                                          and len(s) - len(c) <= 2))
            for c in candidates}


def symbol_from_filename(name: str) -> str | None:
    """``CTOC_COP_WG.6_2018_3_C.pdf`` -> ``CTOC/COP/WG.6/2018/3``; None when the name is not a symbol."""
    stem = name.rsplit(".", 1)[0] if re.search(r"\.(txt|pdf|html?|docx|doc|md|text)$", name, re.I) else name
    match = P.UNDERSCORE_SYMBOL.match(stem)
    if not match or not re.search(r"_\d", stem):
        return None
    return normalize_symbol(match.group(1))
