"""The document's date (ISO 8601, reduced precision allowed), from what the text prints.

In order of trust:

1. a resolution's or decision's adoption date: the adoption line (``2030年11月20日第64次全体会议``,
   ``2030年3月5日安全理事会第9999次会议通过``), also split over two lines or printed after the meeting;
2. the header block's date: the English date next to ``Distr.`` (``5 March 2030``, ``5March2030`` in
   flattened text), else a Chinese date standing alone on a front-matter line (``2030年3月5日``);
3. a General Assembly session when nothing better is printed: ``第八十五届会议`` in the front matter,
   or the session of a GA resolution's number (``88/12``); session N opens in September of 1945 + N,
   so the year is 1945 + N.

A meeting's dates (``2018年5月2日和3日，维也纳``) are when it meets, not when the document was
issued, and are not taken.
"""

from __future__ import annotations

import re
from datetime import date as Date

from ingest import patterns as P

_MONTHS = ("January February March April May June July August September October November December").split()
#: The Chinese numerals of session numbers.
_DIGITS = {ch: n for n, ch in enumerate("零一二三四五六七八九")}
#: The GA's first session opened in 1946; session N opens in September of 1945 + N.
_GA_FIRST_YEAR = 1945
#: How far into the text the header block's date may be (characters).
_HEADER_REACH = 600


def iso(year: int, month: int, day: int) -> str | None:
    """``2030-03-05``, or None for an impossible date (``31 February``)."""
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return None


def english_date(text: str) -> str | None:
    """The first English date in ``text``: ``21 February 2018`` / ``21February2018`` -> ``2018-02-21``."""
    for match in P.ENGLISH_DATE.finditer(text):
        found = iso(int(match.group(3)), _MONTHS.index(match.group(2)) + 1, int(match.group(1)))
        if found:
            return found
    return None


def adoption_date(text: str) -> str | None:
    """The date of the adoption line (the last one: a resolution prints it at its end)."""
    found = None
    for match in P.ADOPTION_LINE.finditer(text):
        found = iso(int(match.group(1)), int(match.group(2)), int(match.group(3))) or found
    if found:
        return found
    for match in P.MEETING_THEN_DATE.finditer(text):
        found = iso(int(match.group(1)), int(match.group(2)), int(match.group(3))) or found
    return found


def header_date(raw_head: str, front: list[str]) -> str | None:
    """The header block's date: the English date after ``Distr.``, else a front-matter line that is
    only a date (``2030年3月5日``, ``5 March 2030``)."""
    head = raw_head[:_HEADER_REACH]
    distr = P.DISTR.search(head)
    found = english_date(head[distr.start():distr.start() + 120]) if distr else None
    if found:
        return found
    for line in front[:12]:
        line = line.strip()
        match = P.CHINESE_DATE.fullmatch(line)
        if match:
            return iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if P.ENGLISH_DATE.fullmatch(line):
            return english_date(line)
        month = P.CHINESE_MONTH.fullmatch(line)
        if month and 1 <= int(month.group(2)) <= 12:
            return f"{month.group(1)}-{int(month.group(2)):02d}"
    records = next((m for line in front[:12] if (m := P.OFFICIAL_RECORDS.search(line))), None)
    return records.group(1) if records else None


def session_year(front: list[str], number: str | None, ga: bool) -> str | None:
    """1945 + N for a GA session: ``第八十五届会议`` in the front matter of a GA document (``ga``, or
    the line names 大会) or a GA resolution number ``GA 85/12`` (``number``); None for other bodies'
    sessions (``人权理事会 / 第四十一届会议``)."""
    if number and number.startswith("GA "):
        session = re.match(r"GA (\d{1,3})/", number)
        if session:
            return str(_GA_FIRST_YEAR + int(session.group(1)))
    for line in front[:8]:
        match = P.SESSION.search(line)
        if match and (ga or line[:match.start()].rstrip().endswith("大会")):
            value = chinese_number(match.group(1))
            if value:
                return str(_GA_FIRST_YEAR + value)
    return None


def meeting_year(front: list[str]) -> str | None:
    """The year of the meeting a document is for (``2035年6月10日至12日，维也纳``), the last resort when
    neither an issue date, a session nor a symbol year is printed."""
    for line in front[:10]:
        match = P.MEETING_LINE.match(line.strip())
        if match:
            return match.group(1)
    return None


def symbol_year(symbol: str | None) -> str | None:
    """The year component of a symbol (``CTOC/COP/WG.4/2033/5`` -> ``2033``) when nothing is printed."""
    match = re.search(r"/((?:19|20)\d\d)(?:/|$)", symbol or "")
    return match.group(1) if match else None


def chinese_number(text: str) -> int | None:
    """``八十五`` -> 85, ``一百零三`` -> 103, ``85`` -> 85; None when not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None
