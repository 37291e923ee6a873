"""Tables kept as rows: a programme of work (date | time | item | title) after an annex heading.

A PDF extraction gives such a table line by line, each cell wrapped inside its column:
``上午 10 时至`` / ``下午 1 时`` (one time cell), ``2 《…关于打`` / ``击非法制造…`` (one title cell),
``下午 3 时至 6 时 2 《枪支议定书》…`` (time, item and title on one line). A row starts at a date
(``5 月 18 日，星期三``), a time (``上午 10 时``, ``10 a.m.``) or an agenda item number (``1(a)``,
``2``, ``3.``); any other line continues the last cell of the row before, joined without a line
break. A time cell with no item yet takes the item line that follows into its row. Cells are joined
with `` | ``; the first line (the column heads) is split at its spaces, and a line already written as
cells (``上午 10 时至下午 1 时 | 1(a) | 会议开幕``) is a row as it stands.
"""

from __future__ import annotations

import re

from ingest.clean import join_pieces

#: A date cell opening a row: ``5 月 18 日，星期三`` (alone, or followed by the time, item and title
#: cells on the same line: ``3月12日，星期一 上午10时至下午1时 1 选举主席团成员``).
_DATE = re.compile(r"^\d{1,2}\s*月\s*\d{1,2}\s*日(?:[，,]\s*星期.)?|^(?:Monday|Tuesday|Wednesday|Thursday|Friday),[^,]{3,20}(?=,|$)")
#: A time cell, possibly a range cut by its wrap: ``上午 10 时至``, ``下午 3 时至 6 时``, ``10 a.m.–1 p.m.``.
_TIME = r"(?:(?:上午|下午|晚上|中午)\s*\d{1,2}\s*时(?:\s*\d{1,2}\s*分)?|\d{1,2}(?:[.:]\d\d)?\s*[ap]\.m\.)"
_TIME_CELL = re.compile(rf"^{_TIME}(?:\s*(?:至|到|-|–)\s*(?:{_TIME}|\d{{1,2}}\s*时)?)?")
#: An agenda item number opening a cell: ``1(a)``, ``2``, ``3.``.
_ITEM = re.compile(r"^\d{1,2}(?:\s*\([a-z]\))?\.?(?=\s|$)")
#: A time cell that is cut by its wrap (``上午 10 时至``): the next line finishes it.
_OPEN_RANGE = re.compile(r"(?:至|到|-|–)$")


def table_rows(lines: list[str]) -> list[tuple[int, str]]:
    """The rows of a programme-of-work table: (index of the row's first line, row text), see the
    module docstring."""
    rows: list[list[str]] = []
    firsts: list[int] = []
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if not rows or " | " in text:  # the column heads, or a row already written as cells
            rows.append([cell.strip() for cell in text.split(" | ")] if " | " in text else text.split())
            firsts.append(index)
            continue
        last = rows[-1] if rows else None
        if last and _OPEN_RANGE.search(last[-1]) and _TIME_CELL.match(text) is not None and len(last) == 1:
            last[-1] = f"{last[-1]}{text}" if text[:1] in "上下晚中" else f"{last[-1]} {text}"
            continue
        cells = _cells(text)
        if cells is None:
            if last:
                last[-1] = join_pieces(last[-1], text)
            continue
        if last and len(last) == 1 and _TIME_CELL.fullmatch(last[0]) and not _TIME_CELL.match(text):
            last.extend(cells)
        else:
            rows.append(cells)
            firsts.append(index)
    return [(first, " | ".join(cell for cell in row if cell)) for first, row in zip(firsts, rows, strict=True)]


def _cells(text: str) -> list[str] | None:
    """A row-opening line split into its cells (time, item, title), or None for a continuation."""
    cells = []
    date = _DATE.match(text)
    if date:
        cells.append(date.group().strip())
        text = text[date.end():].strip()
        if not text:
            return cells
    time = _TIME_CELL.match(text)
    if time:
        cells.append(time.group().strip())
        text = text[time.end():].strip()
    item = _ITEM.match(text)
    if item:
        cells.append(item.group().rstrip("."))
        text = text[item.end():].strip()
    if not cells:
        return None
    return cells + ([text] if text else [])
