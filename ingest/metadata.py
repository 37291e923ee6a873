"""Document metadata (DESIGN.md, Ingestion 4): from the manifest entry when given, else detected.

Detection looks at the front matter of the raw text (symbol header lines, the ``Distr.`` block with
its date, the meeting lines, the title before "秘书处编制的背景文件"), at the file name
(``CTOC_COP_WG.6_2018_3_C.pdf`` -> ``CTOC/COP/WG.6/2018/3``) and, for resolutions, at the
``第 11/6 号决议`` title and the acting body line. An agenda footnote (``* CTOC/COP/WG.6/2018/1``) names
the agenda, not this document, and is never taken as its symbol. No symbol -> the id is
``document:sha256:<first 16 hex>``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from ingest import patterns as P
from ingest.clean import clean_markup

#: A symbol spelled with underscores (file names, ``CTOC_COP_2012_6`` in seed 2014/2).
UNDERSCORE_SYMBOL = re.compile(r"^([A-Z][A-Z0-9.]{0,15}(?:_[A-Z0-9.]{1,20}){1,8}?)(?:_[ACEFRS])?$")
#: The English date of the ``Distr.`` block: ``21 February 2018``.
ENGLISH_DATE = re.compile(r"^\s*(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|"
                          r"October|November|December)\s+(\d{4})\s*$", re.M)
#: The Chinese date line of the meeting: ``2018年5月2日和3日，维也纳``.
MEETING_DATE = re.compile(r"^\s*(\d{4})\s*年\s*\d{1,2}\s*月.{0,40}$")
#: The agenda item line of the front matter: ``临时议程*项目3``, ``临时议程*项目 2、3 和 4``.
AGENDA_ITEM_LINE = re.compile(r"^\s*(临时议程)\*{0,3}\s*(项目.{1,30})$")
#: The meeting body line: ``枪支问题工作组``.
BODY_LINE = re.compile(r"^\s*([^\s，。]{2,30}(?:工作组|委员会|缔约方会议|大会))\s*$")
#: "Prepared by the Secretariat" lines that follow the title: ``秘书处编制的背景文件``, ``秘书处的说明``.
PREPARED_BY = re.compile(r"^\s*((?:秘书处|秘书长).{0,10}(背景文件|说明|报告)|.{0,10}的说明)\s*$")
#: Front-matter lines that are never the title: dates, sessions, places, agenda item lines.
NOT_TITLE = re.compile(r"(^\d{4}\s*年\s*\d{1,2}\s*月[\d\s日至和月年]*(?:，\S{1,8})?$)|(^第.{1,6}届会议$)"
                       r"|(，维也纳|，纽约|，日内瓦)|(^(临时)?议程\*{0,3}\s*项目)|(^[\d一二三四五六七八九十]+[.．])|(^[A-Z][.．]\s)")
_MONTHS = ("January February March April May June July August September October November December").split()
#: Issuing bodies of resolutions, by the name in the acting body line.
BODIES = (("缔约方会议", "COP"), ("安全理事会", "SC"), ("经济及社会理事会", "ECOSOC"), ("人权理事会", "HRC"),
          ("麻醉药品委员会", "CND"), ("预防犯罪和刑事司法委员会", "CCPCJ"), ("大会", "GA"))
_FRONT_LINES = 60
#: Full-width letters, digits, slash and full stop (``ＣＴＯＣ／２０２０``): made ASCII when looking for symbols.
_FULLWIDTH_SYMBOL_CHARS = re.compile(r"[\uff0e\uff0f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


@dataclass(frozen=True)
class Metadata:
    """The document-level fields of a Document (the metadata stage's output; same names as Document's fields)."""

    id: str
    symbol: str | None
    title: str | None
    doc_type: str | None
    date: str | None
    language: str
    meeting: str | None
    body: str | None


def normalize_symbol(symbol: str) -> str:
    """Full-width to ASCII, spaces and line breaks removed, underscores to slashes:
    ``ＣＴＯＣ/COP/ WG.6/2012/3`` -> ``CTOC/COP/WG.6/2012/3``, ``CTOC_COP_2012_6`` -> ``CTOC/COP/2012/6``."""
    text = unicodedata.normalize("NFKC", symbol)
    text = re.sub(r"\s+", "", text)
    if "/" not in text and "_" in text:
        text = text.replace("_", "/")
    return text.strip("。.，,;；")


def symbol_from_filename(name: str) -> str | None:
    """``CTOC_COP_WG.6_2018_3_C.pdf`` -> ``CTOC/COP/WG.6/2018/3``; None when the name is not a symbol."""
    stem = name.rsplit(".", 1)[0] if re.search(r"\.(txt|pdf|html?|docx|md|text)$", name, re.I) else name
    match = UNDERSCORE_SYMBOL.match(stem)
    if not match or not re.search(r"_\d", stem):
        return None
    return normalize_symbol(match.group(1))


def detect_metadata(raw_text: str, file_name: str, sha256: str, entry: dict[str, Any] | None = None,
                    front: list[str] | None = None) -> Metadata:
    """Metadata from the manifest entry (fields given there win) completed by detection.

    ``front`` is the front matter as segmented paragraphs (hard-wrapped title lines already joined);
    without it the first non-empty lines of the raw text are used.
    """
    entry = dict(entry or {})
    if not front:
        front = [line.strip() for line in clean_markup(raw_text[:20000]).split("\n") if line.strip()]
    front = [line for line in front if line.strip()][:_FRONT_LINES]
    symbol = entry.get("symbol") or detect_symbol(raw_text, file_name)
    symbol = normalize_symbol(symbol) if symbol else None
    doc_type = entry.get("doc_type") or detect_doc_type(front)
    resolution = entry.get("resolution") or (detect_resolution(front) if doc_type in ("resolution", "decision") else None)
    date = entry.get("date") or detect_date(raw_text[:5000])
    body = entry.get("body") or _detect_body(symbol, resolution)
    return Metadata(
        id=document_id(symbol, resolution, sha256, "decision" if doc_type == "decision" else "resolution"),
        symbol=symbol,
        title=entry.get("title") or detect_title(front),
        doc_type=doc_type,
        date=str(date) if date else None,
        language=entry.get("language") or detect_language(raw_text),
        meeting=entry.get("meeting") or detect_meeting(front),
        body=body,
    )


def document_id(symbol: str | None, resolution: str | None, sha256: str, kind: str = "resolution") -> str:
    """``resolution:COP 11/6`` for a resolution, ``document:<SYMBOL>``, else ``document:sha256:<16 hex>``."""
    if resolution:
        return f"{kind}:{resolution}"
    if symbol:
        return f"document:{symbol}"
    return f"document:sha256:{sha256[:16]}"


def detect_symbol(raw_text: str, file_name: str) -> str | None:
    """The document's own symbol: a symbol-only header line (the most frequent), else the file name.

    Lines starting with ``*`` (the agenda footnote) and symbols inside sentences are ignored.
    """
    counts: dict[str, int] = {}
    for line in raw_text.split("\n"):
        text = _FULLWIDTH_SYMBOL_CHARS.sub(lambda m: chr(ord(m.group()) - 0xFEE0), line).strip()
        if text.startswith("*") or not text:
            continue
        match = P.SYMBOL_LINE.match(text)
        if match and not P.JOB_NUMBER_LINE.match(text):
            symbol = normalize_symbol(match.group(1))
            counts[symbol] = counts.get(symbol, 0) + 1
    if counts:
        return max(counts, key=lambda s: counts[s])
    return symbol_from_filename(file_name)


def detect_date(text: str) -> str | None:
    """The ISO date of the ``Distr.`` block's English date (``21 February 2018`` -> ``2018-02-21``)."""
    match = ENGLISH_DATE.search(text)
    if not match:
        return None
    day, month, year = int(match.group(1)), _MONTHS.index(match.group(2)) + 1, int(match.group(3))
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return None


def detect_resolution(front: list[str]) -> str | None:
    """``COP 11/6`` from a ``第 11/6 号决议`` title and the acting body line (``…缔约方会议，``)."""
    number = next((m.group(1) for line in front[:10]
                   if (m := P.RESOLUTION_TITLE.match(line) or P.RESOLUTION_NUMBER_TITLE.match(line))), None)
    if not number:
        return None
    acting = next((line for line in front if P.ACTING_BODY.match(line)), "")
    body = next((code for name, code in BODIES if name in acting), None)
    return f"{body} {number}" if body else None


def detect_doc_type(front: list[str]) -> str:
    """resolution / decision / background_paper / agenda / report / note / other, from the front
    matter's heading lines (lines ending in sentence punctuation are body text and not looked at)."""
    for line in front[:10]:
        match = P.RESOLUTION_TITLE.match(line)
        if match:
            return "resolution" if match.group(2) == "决议" else "decision"
        if P.RESOLUTION_NUMBER_TITLE.match(line) and any(P.ACTING_BODY.match(x) for x in front[:12]):
            return "resolution"
    headings = [line for line in front[:30] if len(line) < 60 and line[-1] not in "。；：，"]
    for needle, kind in (("背景文件", "background_paper"), ("临时议程说明", "agenda"), ("临时议程和说明", "agenda"),
                         ("秘书处的说明", "note"), ("报告", "report"), ("说明", "note")):
        if any(needle in line for line in headings):
            return kind
    return "agenda" if any(re.match(r"^\s*临时议程\s*$", line) for line in front) else "other"


def detect_title(front: list[str]) -> str | None:
    """The line just before "秘书处编制的背景文件"-like lines, else the longest unpunctuated front line
    (dates, sessions and numbered lines excluded); the "prepared by" line itself as a last resort."""
    prepared = None
    for index, line in enumerate(front):
        if PREPARED_BY.match(line):
            prepared = prepared or line
            before = front[index - 1] if index else ""
            if before and not before.endswith("。") and not NOT_TITLE.search(before) and _cjk_share(before) > 0.5:
                return before
    for index, line in enumerate(front[:8]):
        if P.RESOLUTION_TITLE.match(line) and index + 1 < len(front):
            return front[index + 1]
        numbered_title = P.RESOLUTION_NUMBER_TITLE.match(line)
        if numbered_title:
            return numbered_title.group(2).strip()
    candidates = [line for line in front[:20] if line[-1] not in "。，；：" and _cjk_share(line) > 0.5
                  and not NOT_TITLE.search(line) and not PREPARED_BY.match(line) and not BODY_LINE.match(line)]
    return max(candidates, key=len) if candidates else prepared


def detect_meeting(front: list[str]) -> str | None:
    """``枪支问题工作组，2018年5月2日和3日，维也纳（临时议程项目3）`` assembled from front lines."""
    body = next((line for line in front[:15] if BODY_LINE.match(line)), None)
    when = next((line for line in front[:20] if MEETING_DATE.match(line)), None)
    if not (body and when):
        return None
    item = next((m for line in front[:20] if (m := AGENDA_ITEM_LINE.match(line))), None)
    suffix = f"（{item.group(1)}{item.group(2).replace(' ', '')}）" if item else ""
    return "".join(body.split()) + f"，{when}{suffix}"


def detect_language(text: str) -> str:
    """``zh`` when ideographs make up a fifth of the letters, else ``en``."""
    sample = text[:20000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    return "zh" if _cjk_count(sample) > 0.2 * letters else "en"


def _detect_body(symbol: str | None, resolution: str | None) -> str | None:
    """``COP`` for a COP resolution; the symbol's series (``CTOC/COP/WG.6``) for a document."""
    if resolution:
        return resolution.split(" ", 1)[0]
    if symbol:
        series = re.sub(r"(?:/[\d.]+)+$", "", symbol)
        return series if series and series != symbol else None
    return None


def _cjk_count(text: str) -> int:
    return len(re.findall(rf"[{P.CJK}]", text))


def _cjk_share(text: str) -> float:
    return _cjk_count(text) / max(1, len(text))
