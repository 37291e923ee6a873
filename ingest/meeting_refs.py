"""Meetings as the text names them: what a paragraph says about a working group's meetings, and
recommendations named by their meeting (DESIGN.md, "Where the next parts go": Meetings).

Ingest emits what a text says and no more:

- a recommendation named by its meeting becomes a *meeting-based id*,
  ``recommendation:<body>@<meeting>#<n>``, where ``<meeting>`` is the meeting's number (``5`` for
  ``工作组第五次会议提出的建议 20``), its first day (``2015-06-09`` for ``工作组在 2015 年 6 月 9 日…会议上
  提出的建议 3``) or ``previous`` (``工作组上次会议提出的建议 6``: the meeting before the one the citing
  document is for). Which report holds that meeting's recommendations is corpus-level knowledge:
  ``graphs/meetings.py`` joins the id to ``recommendation:<report symbol>#<n>`` from the meetings
  registry, as soon as it knows the report;
- ``meeting_facts`` lists what a document states about meetings (number, dates, place, report) for
  that registry: its own meeting line (``枪支问题工作组第二次会议，2014年5月26日至28日，维也纳``) and
  sentences such as ``工作组在 2017 年 5 月 8 日至 10 日于维也纳举行的会议上提出的建议（见
  CTOC/COP/WG.6/2017/4）``.

Pure: text in, records out. The bodies' names come from ``corpus/meetings.toml`` (``[[body]]``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The curated meetings data (bodies' names, meetings with their sources).
MEETINGS_PATH = Path(__file__).resolve().parent.parent / "corpus" / "meetings.toml"

#: Chinese numerals up to 99, as meeting numbers are printed: 第五次, 第十一届, 第二十三次.
_NUMERAL = "零一二三四五六七八九十"
_CN_NUMBER = r"[一二三四五六七八九十]{1,4}|\d{1,3}"

#: A numbered meeting or session: ``第五次会议``, ``第八次工作组会议``, ``第十一届会议``.
#: 次 numbers a working group's meetings, 届 a conference's sessions.
NUMBERED_MEETING = re.compile(rf"第\s*(?P<num>{_CN_NUMBER})\s*(?:次|届)\s*(?:工作组)?\s*会议")
#: A date or span of days: ``2014年5月26日至28日``, ``2018年5月2日和3日``, ``2017 年 5 月 8 日至 10 日``,
#: ``2020年6月30日至7月2日``, ``2015 年 6 月 9 日``; a year alone (``2021 年``) for ``2021 年第八次会议``.
DATE_SPAN = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"(?:\s*(?:至|到|和|-|–)\s*(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*日)?)?"
)
#: The place a meeting was held: ``在维也纳举行``, ``于维也纳举行``.
PLACE = re.compile(r"(?:在|于)\s*(?P<place>[\u4e00-\u9fff]{2,8}?)\s*举行")
#: An unnumbered meeting named by when it was held: ``…举行的会议``, ``举行会议``.
HELD_MEETING = re.compile(r"举行\s*(?:的)?\s*(?:工作组)?\s*会议")
#: "The last meeting": ``上次会议``, ``上一次会议``, ``上届会议``, ``最近一次会议``.
PREVIOUS_MEETING = re.compile(r"上次(?:工作组)?会议|上一次(?:工作组)?会议|上届会议|最近一次(?:工作组)?会议")
#: A report symbol right after a meeting: ``会议上提出的建议（见 CTOC/COP/WG.6/2017/4）``,
#: ``会议的报告（CTOC/COP/WG.6/2021/6）``, ``会议报告 CTOC/COP/WG.6/2019/6``. Only after 建议 or 报告, so
#: a background paper cited beside the meeting is not taken for its report.
REPORT_AFTER = re.compile(
    r"[^。；（(]{0,12}?(?:建议|报告)\s*(?:[（(]\s*(?:见|see)?\s*\[?)?\s*"
    r"(?P<sym>[A-Z]{1,6}(?:/[A-Za-z0-9.]+){2,6})"
)
#: What joins two meetings of one list: ``第八次会议和 2022 年…的第九次会议``.
LIST_CONNECTOR = re.compile(r"\s*(?:和|及|以及|、)")
#: Where a sentence ends.
SENTENCE_END = re.compile(r"[。；;]")
#: How far before a meeting the working group must be named (``工作组在 2021 年第八次会议上``).
GROUP_WINDOW = 40


@dataclass(frozen=True)
class MeetingFact:
    """What one place in one document states about one meeting. ``number`` is the meeting's (or
    session's) number, ``start``/``end`` ISO dates (``end`` None for a one-day meeting or when not
    stated; ``start`` may be a year only, ``2021``), ``report`` the symbol of its report,
    ``source`` the paragraph id (or ``<doc id> (meeting line)``) that states it, ``own`` True for
    the meeting the document itself is for."""

    body: str
    number: int | None
    start: str | None
    end: str | None
    place: str | None
    report: str | None
    source: str
    own: bool = False


@lru_cache(maxsize=1)
def body_names() -> tuple[tuple[str, str], ...]:
    """(name, body id) for every named body of corpus/meetings.toml, longest name first."""
    with MEETINGS_PATH.open("rb") as handle:
        data = tomllib.load(handle)
    pairs = [(name, entry["id"]) for entry in data.get("body", []) for name in entry.get("names", [])]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def chinese_number(text: str) -> int | None:
    """``五`` -> 5, ``十一`` -> 11, ``二十三`` -> 23, ``8`` -> 8; None if not a number up to 99."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _NUMERAL for ch in text):
        return None
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _NUMERAL.index(text) if len(text) == 1 else None
    return (_NUMERAL.index(tens) if tens else 1) * 10 + (_NUMERAL.index(units) if units else 0)


def document_group(body: str | None, symbol: str | None, meeting_line: str | None = None) -> str | None:
    """The working group a document belongs to: its body when that is a ``/WG.`` body, else the
    symbol part before the year (``CTOC/COP/WG.6/2018/3`` -> ``CTOC/COP/WG.6``), else the body its
    meeting line names (``枪支问题工作组，2024年5月6日至8日，维也纳``)."""
    for value in (body, symbol):
        head = re.split(r"/(?:19|20)\d\d(?:/|$)", value or "")[0]
        if "/WG." in head:
            return head
    named = _named_body(meeting_line or "", None)
    return named if named and "/WG." in named else None


def _named_body(text: str, default: str | None) -> str | None:
    """The body a stretch of text names (``枪支问题工作组`` -> its id), else ``default`` when the text
    says 工作组 (the document's own group), else None."""
    for name, body in body_names():
        if name in text:
            return body
    return default if "工作组" in text else None


# --- recommendations named by their meeting --------------------------------------------------------


def meeting_recommendation(before: str, number: str, group: str | None) -> str | None:
    """The meeting-based id of recommendation ``number`` from the text ``before`` it (same
    paragraph): the last meeting the text names there, when a working group is named with it.
    ``工作组第五次会议提出的建议`` -> ``recommendation:<group>@5#<n>``; None when no meeting of a known
    group is named."""
    found = _last_meeting(before)
    if found is None:
        return None
    kind, value, start = found
    body = _named_body(before[max(0, start - GROUP_WINDOW):start + 12], group)
    if body is None:
        return None
    return f"recommendation:{body}@{value}#{number}"


def _last_meeting(text: str) -> tuple[str, str, int] | None:
    """(kind, meeting key, offset) of the last meeting named in ``text``: a number (``第五次会议``),
    a first day (``2015 年 6 月 9 日…举行的会议``) or ``previous`` (``上次会议``); None if none."""
    found: list[tuple[int, str, str]] = []
    for m in NUMBERED_MEETING.finditer(text):
        value = chinese_number(m.group("num"))
        if value and "届" not in m.group(0):
            found.append((m.start(), "number", str(value)))
    for m in HELD_MEETING.finditer(text):
        date = _date_before(text, m.start())
        if date:
            found.append((m.start(), "date", date[0]))
    found += [(m.start(), "previous", "previous") for m in PREVIOUS_MEETING.finditer(text)]
    if not found:
        return None
    start, kind, value = max(found)
    return kind, value, start


def _date_before(text: str, pos: int) -> tuple[str, str | None] | None:
    """(start, end) of the last full date within 30 characters before ``pos`` in the same clause."""
    window_start = max(0, pos - 30)
    last = None
    for m in DATE_SPAN.finditer(text, window_start, pos):
        if m.group("d") and not SENTENCE_END.search(text, m.end(), pos):
            last = m
    return _iso_span(last) if last else None


def _iso_span(m: re.Match[str]) -> tuple[str, str | None]:
    """``2014年5月26日至28日`` -> (``2014-05-26``, ``2014-05-28``); a year alone -> (``2014``, None)."""
    year = m.group("y")
    if not m.group("d"):
        return year, None
    start = f"{year}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    if not m.group("d2"):
        return start, None
    month = m.group("m2") or m.group("m")
    return start, f"{year}-{int(month):02d}-{int(m.group('d2')):02d}"


# --- what documents state about meetings -----------------------------------------------------------


def meeting_facts(doc_id: str, meeting_line: str | None, group: str | None,
                  paragraphs: list[tuple[str, str]]) -> list[MeetingFact]:
    """Every meeting fact of one document: its meeting line (``Document.meeting``) and its
    paragraphs, given as (paragraph id, text)."""
    facts = []
    own = own_meeting(doc_id, meeting_line, group)
    if own:
        facts.append(own)
    for pid, text in paragraphs:
        if "会议" in text:
            facts.extend(_paragraph_facts(pid, text, group))
    return facts


def own_meeting(doc_id: str, meeting_line: str | None, group: str | None) -> MeetingFact | None:
    """The meeting a document is for, from its meeting line: ``枪支问题工作组第二次会议，2014年5月26日
    至28日，维也纳（临时议程项目2、3和4）``; None without a dated line naming a known body."""
    line = meeting_line or ""
    body = _named_body(line, group)
    date = DATE_SPAN.search(line)
    if not body or not date or not date.group("d"):
        return None
    numbered = NUMBERED_MEETING.search(line)
    place = re.match(r"\s*[，,]\s*(?P<place>[\u4e00-\u9fff]{2,8})(?:[（(，,]|$)", line[date.end():])
    start, end = _iso_span(date)
    return MeetingFact(body=body, number=chinese_number(numbered.group("num")) if numbered else None,
                       start=start, end=end, place=place.group("place") if place else None, report=None,
                       source=f"{doc_id} (meeting line)", own=True)


def _paragraph_facts(pid: str, text: str, group: str | None) -> list[MeetingFact]:
    """Meetings a paragraph states: a numbered or dated meeting of a working group it names."""
    out: list[MeetingFact] = []
    previous_end = 0
    anchors = sorted([(m.start(), m.end(), m) for m in NUMBERED_MEETING.finditer(text)] +
                     [(m.start(), m.end(), None) for m in HELD_MEETING.finditer(text)], key=lambda a: a[0])
    for start, end, numbered in anchors:
        s0 = max(previous_end, _sentence_start(text, start), start - 60)
        # the next item of a list (``第八次会议和 2022 年…举行的第九次会议``) keeps the list's body
        listed = out and previous_end and LIST_CONNECTOR.match(text, previous_end)
        fact = _fact_at(pid, text, s0, start, end, numbered, out[-1].body if listed else group)
        previous_end = end
        if fact:
            out.append(fact)
    return out


def _fact_at(pid: str, text: str, s0: int, start: int, end: int, numbered: re.Match[str] | None,
             group: str | None) -> MeetingFact | None:
    """The fact of one meeting mention ``text[start:end]``, reading back to ``s0``."""
    if numbered is not None and "届" in numbered.group(0):
        return None
    body = _named_body(text[max(0, start - GROUP_WINDOW):end], group) or _listed(text, s0, group)
    if body is None:
        return None
    dates = [m for m in DATE_SPAN.finditer(text, s0, start)]
    span = _iso_span(dates[-1]) if dates else (None, None)
    number = chinese_number(numbered.group("num")) if numbered else None
    if number is None and not (span[0] and len(span[0]) == 10):
        return None
    place = PLACE.search(text, s0, end)
    report = REPORT_AFTER.match(text, end, min(len(text), end + 80))
    symbol = re.sub(r"\s+", "", report.group("sym")) if report else None
    if symbol and not symbol.startswith(body + "/"):
        symbol = None
    return MeetingFact(body=body, number=number, start=span[0], end=span[1],
                       place=place.group("place") if place else None, report=symbol, source=pid)


def _listed(text: str, s0: int, group: str | None) -> str | None:
    """``group`` when the mention continues a list of meetings (the text from ``s0`` opens with a
    connector), else None."""
    return group if group and LIST_CONNECTOR.match(text, s0) else None


def _sentence_start(text: str, pos: int) -> int:
    ends = [m.end() for m in SENTENCE_END.finditer(text, 0, pos)]
    return ends[-1] if ends else 0
