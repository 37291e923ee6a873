"""The document's title, read off its front matter (the blocks before the first numbered paragraph).

In order: a resolution's title (the line after ``第 88/12 号决议``, the text after ``56/120.``, or in
flattened text the run between the number and the acting body ``大会，``); the line before a
"prepared by" line (``秘书处编制的背景文件``, ``秘书长的报告``, ``秘书处的说明``); else the longest
title-shaped front line. A title is joined across its line wrap (``…及其零部件`` / ``和弹药``) and is
never a header-block line, a date, session or agenda-item line, a sponsor or vote list, a sentence of
body text or a long run of text (more than ``MAX_TITLE`` characters). No title -> None (the label
then falls back to the symbol).
"""

from __future__ import annotations

import re

from ingest import patterns as P
from ingest.identity import BODIES, ascii_symbols

#: A title is at most this long; a longer "title" is running text.
MAX_TITLE = 160
#: "Prepared by" lines that follow the title: ``秘书处编制的背景文件``, ``秘书处的说明``, ``秘书长的报告``.
PREPARED_BY = re.compile(r"^\s*((?:秘书处|秘书长|主席|执行主任).{0,10}(背景文件|说明|报告)|.{0,10}的说明|.{0,12}的报告)\s*$")
#: Front-matter lines that are never the title: dates, sessions, places, agenda item lines, numbers.
NOT_TITLE = re.compile(r"(^\d{4}\s*年\s*\d{1,2}\s*月[\d\s日至和月年]*(?:，\S{1,8})?$)|(^第.{1,6}届会议$)"
                       r"|(，维也纳|，纽约|，日内瓦)|(^(临时)?议程\*{0,3}\s*项目)|(^[\d一二三四五六七八九十]+[.．])|(^[A-Z][.．]\s)"
                       r"|(^议程项目)|(^\S{0,15}第.{1,6}届会议$)")
#: Characters a title line never ends with: the title continues on the next line.
_OPEN_END = "的和及与或、（《“：:"
#: Characters a title's second line may open with (``及其零部件和弹药``).
_CONTINUATION_START = re.compile(r"^(?:及|和|与|以及|并|的|或|》|）)")


def detect_title(front: list[str], doc_type: str | None = None) -> str | None:
    """The title (see module docstring)."""
    lines = [" ".join(line.split()) for line in front if line.strip()]
    lines = [piece for line in lines for piece in unglue(line)]
    return _resolution_title(lines) or _after_draft(lines) or _before_prepared(lines) or _longest(lines)


def _resolution_title(lines: list[str]) -> str | None:
    for index, line in enumerate(lines[:15]):  # a number heading (``89/60．标题``) first
        numbered = P.RESOLUTION_NUMBER_TITLE.match(P.ADOPTION_NOTE.sub("", ascii_symbols(line)))
        if numbered and index + 2 < len(lines) and P.PART_LETTER.match(lines[index + 1]):
            return _joined(lines, index + 2)  # 45/58. 全面彻底裁军 / P / 国际武器转让: the part's own title
        if numbered:
            return _acceptable(numbered.group(2).strip())
        if P.BARE_NUMBER.match(ascii_symbols(line).strip()) and index + 1 < len(lines):
            return _joined(lines, index + 1)
    for index, line in enumerate(lines[:8]):
        text = ascii_symbols(line)
        head = P.RESOLUTION_HEAD.match(text)
        if head:
            rest = text[head.end():].strip()
            title = _flattened_title(rest) if rest else _joined(lines, index + 1, True) if index + 1 < len(lines) else None
            if title:
                return title
        numbered = P.RESOLUTION_NUMBER_TITLE.match(text)
        if numbered:
            return _acceptable(numbered.group(2).strip())
        glued = P.NUMBER_TITLE_IN_TEXT.search(text)
        if glued:
            rest = text[glued.end():]
            acting_next = index + 1 < len(lines) and P.ACTING_BODY.match(lines[index + 1])
            title = _flattened_title(rest) or (_acceptable(rest) if acting_next else None)
            if title:
                return title
        if P.RESOLUTION_SYMBOL.match(text.strip()) and index + 1 < len(lines):
            return _joined(lines, index + 1)
    return None


def _flattened_title(rest: str) -> str | None:
    """The title glued after the number in flattened text: up to the acting body line."""
    acting = P.ACTING_BODY_IN_TEXT.search(rest)
    return _acceptable(rest[:acting.start()].strip()) if acting else None


def _joined(lines: list[str], index: int, named: bool = False) -> str | None:
    """The title starting at ``lines[index]`` (an English twin line skipped), joined with its wrapped
    second line. ``named``: the line follows a resolution's or decision's number line, so a title
    naming a body (``…审查会议筹备委员会``) is still a title (an issuing body's bare name is not)."""
    while index + 1 < len(lines) and _cjk_share(lines[index]) < 0.3 <= _cjk_share(lines[index + 1]):
        index += 1
    title = lines[index]
    if not _acceptable(title, named) or title in _BODY_NAMES:
        return None
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if following and _continues(title, following) and _acceptable(title + following):
        title += following
    return title


def _continues(first: str, second: str) -> bool:
    """``second`` is the wrapped rest of the title line ``first``."""
    return (first[-1] in _OPEN_END or bool(_CONTINUATION_START.match(second))) and not PREPARED_BY.match(second) \
        and not P.ACTING_BODY.match(second)


def _names_its_body(lines: list[str], index: int) -> bool:
    """A report title whose first line is the body's name (``第十六届…大会`` / ``非洲区域筹备会议的报告``,
    ``预防犯罪和刑事司法委员会`` / ``第四十届会议报告``), not a prepared-by line nor a dated title."""
    line = lines[index]
    return (index > 0 and bool(_BODY_ONLY.match(lines[index - 1])) and line.endswith("报告")
            and not re.match(r"^(?:秘书|\d{4}\s*年)", line) and len(lines[index - 1] + line) <= MAX_TITLE)


def _after_draft(lines: list[str]) -> str | None:
    """A draft's own title: the line after its sponsor line (``阿根廷、奥地利……：决议草案``)."""
    for index, line in enumerate(lines[:-1]):
        if P.DRAFT_LINE.search(line):
            return _joined(lines, index + 1)
    return None


def _before_prepared(lines: list[str]) -> str | None:
    """The title before the last "prepared by" line (an agenda item's title may itself end in 的报告)."""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if _names_its_body(lines, index):
            return lines[index - 1] + line  # 预防犯罪和刑事司法委员会 / 第四十届会议报告
        if not PREPARED_BY.match(line) or index == 0:
            continue
        title = lines[index - 1]
        if index >= 2 and _continues(lines[index - 2], title) and lines[index - 2] != title:
            title = lines[index - 2] + title
        if _acceptable(title) and _cjk_share(title) > 0.5:
            return title
    return None


def _longest(lines: list[str]) -> str | None:
    candidates = [title for line in lines[:20] if (title := _acceptable(line)) and _cjk_share(title) > 0.5
                  and not PREPARED_BY.match(title) and not _BODY_ONLY.match(title)]
    if not candidates:
        return next((line for line in lines if PREPARED_BY.match(line)), None)
    return max(candidates, key=len)


#: The issuing bodies' bare names (``安全理事会``): never a title, even after a number line.
_BODY_NAMES = frozenset(name for name, _ in BODIES) | {"联合国大会"}
#: A line that only names a body (``枪支问题工作组``, ``人权理事会``): a header line, not the title.
_BODY_ONLY = re.compile(r"^\s*[^\s，。]{2,30}(?:工作组|委员会|缔约方会议|大会|理事会)\s*$")


def _acceptable(title: str | None, named: bool = False) -> str | None:
    """``title`` when it can be a title: short, unpunctuated at its end, no sentence inside it, not a
    header, date, session, vote or sponsor line."""
    if not title:
        return None
    title = title.strip()
    dated = P.DATED_TITLE.search(title)
    title = dated.group() if dated else title
    if not title or len(title) > MAX_TITLE or title[-1] in "。，；：,;:" or "。" in title:
        return None
    if NOT_TITLE.search(title) or P.NOT_A_TITLE.search(title) or P.SYMBOL_LINE.match(ascii_symbols(title)):
        return None
    if P.ACTING_BODY.match(title) or title.count("，") >= 2 or title.endswith("附件"):
        return None
    if _BODY_ONLY.match(title) and not named:
        return None
    if P.ADOPTION_LINE.search(title) or P.PRST_IN_WORDS.search(title) or P.RESOLUTION_HEAD.match(title) or P.DRAFT_LINE.search(title):
        return None
    return title


def unglue(line: str) -> list[str]:
    """A front line glued together by a flattened extraction, cut into its parts: the header block
    (everything up to ``Original:English`` or the ``Distr.`` date) is dropped; session, agenda-item
    and chapter-heading markers start new parts (``…第八十八届会议议程项目98…``, ``…的报告一.建议``)."""
    line = P.CHAPTER_GLUED.sub("", line)
    if len(line) <= MAX_TITLE and not P.DISTR.search(line):
        return [line]
    header = P.HEADER_END.search(line)
    rest = line[header.end():] if header else line
    parts = P.FRONT_CUT.sub(lambda m: "\n" + m.group(), rest).split("\n")
    return [part.strip() for part in parts if part.strip()]


def _cjk_share(text: str) -> float:
    return len(re.findall(rf"[{P.CJK}]", text)) / max(1, len(text))
