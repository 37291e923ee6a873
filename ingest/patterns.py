"""Every regular expression of cleaning and segmentation, each with a real example and its reason.

All patterns are anchored or bounded so that none backtracks badly on a 1 MB line (the bench runs
the pipeline on the corpus replicated 50 times and checks characters/s stay flat).
"""

from __future__ import annotations

import re

#: CJK ideographs (the unified block and extension A), for "is this Chinese" decisions.
CJK = "\u3400-\u4dbf\u4e00-\u9fff"

# --- cleaning: markup residue --------------------------------------------------------------------

#: Markdown link residue from a converter: ``[CTOC/COP/WG.6/2017/4](#)`` -> keep the link text.
MD_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\([^()\s]{0,500}\)")
#: Markdown bold/italic: ``**知识和证据基础。**`` -> keep the text.
MD_BOLD = re.compile(r"\*\*([^*\n]{1,500})\*\*")
#: Autolink in angle brackets: ``<https://smallarms.un-arm.org/national-contacts>`` -> keep the URL.
MD_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]{1,500})>")

# --- cleaning: PDF residue ------------------------------------------------------------------------

#: A UN symbol broken across lines by a PDF's hard wrap: ``（CTOC/COP/ \nWG.6/2012/3）`` (seed 2016/1);
#: the pieces are re-joined. The prefix must end with a slash so ordinary text is never glued.
BROKEN_SYMBOL = re.compile(r"(?<![A-Za-z0-9/.])((?:[A-Z][A-Za-z0-9.]{0,15}/)+)[ \t]*\n(?:[ \t]*\n){0,3}[ \t]*(?=[A-Z0-9])")
#: Characters spaced out by justified PDF text: ``进 区 域 和 国 际 合 作`` (seed 2016/1, para on
#: agenda item 2) -> collapsed. Four or more single ideographs separated by single spaces.
SPACED_OUT = re.compile(rf"(?:[{CJK}] ){{3,}}[{CJK}]")
#: A job number footer/header, alone or with the page number: ``V.16-01235 5``, ``GE.19-01234``,
#: ``5 V.16-01235``, ``V.19-01234 (C)``; Geneva job numbers with the print dates,
#: ``GE.19-09876(C) 120619 130619``, or a page count, ``2/12 GE.19-09876``. Dropped: it is
#: print-shop residue, not text.
JOB_NUMBER_LINE = re.compile(
    r"^\s*(?:\d{1,4}(?:/\d{1,4})?\s+)?[A-Z]{1,3}\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{1,6}){0,3}\s*$")
#: A bare page number line: ``5``, ``- 5 -``, ``第 5 页``, ``5/12``. Dropped in PDF text.
PAGE_NUMBER_LINE = re.compile(r"^\s*(?:-\s*\d{1,4}\s*-|\d{1,4}(?:\s*/\s*\d{1,4})?|第\s*\d{1,4}\s*页)\s*$")
#: A line that is only a UN document symbol (the running header): `` CTOC/COP/WG.6/2016/1``, with an
#: optional page number on either side: ``4 CTOC/COP/WG.6/2016/1``.
SYMBOL_LINE = re.compile(r"^\s*(?:\d{1,4}\s+)?([A-Z][A-Za-z0-9.]{0,15}(?:/[A-Za-z0-9.()-]{1,20}){1,8})(?:\s+\d{1,4})?\s*$")
#: The footnote separator a PDF extraction leaves: ``__________________`` (seed 2014/2).
FOOTNOTE_SEPARATOR = re.compile(r"^\s*_{5,}\s*$")

# --- footnotes ------------------------------------------------------------------------------------

#: Superscript digits used as footnote markers in clean text: ``捐助方的支助，¹全球枪支方案`` (seed 2018/3).
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPTS}]+")
#: A footnote line in clean text starting with superscript digits: ``¹ 在本报告所述期间…``,
#: ``⁴⁴欧洲联盟刑事司法合作署…`` (seed 2023, no space).
SUPERSCRIPT_FOOTNOTE = re.compile(f"^\\s*([{SUPERSCRIPTS}]+)\\s*(?=\\S)")
#: A footnote line after a ``____`` separator in PDF text: `` 1  联合国，《条约汇编》。`` or
#: `` *  CTOC/COP/WG.6/2014/1。`` (seed 2014/2): mark, spaces, text.
PLAIN_FOOTNOTE = re.compile(r"^\s*(\*{1,3}|\d{1,3}|[a-z])[ \t\u3000]+(?=\S)")
#: A raised footnote marker that a PDF extractor put on a line of its own (``会议上`` / ``3`` / ``建议``):
#: in PDF text (not at a page edge, where it would be a page number) it is glued back to its line.
MARKER_LINE = re.compile(r"^\d{1,3}$")
#: The agenda footnote of clean text, no separator: ``* CTOC/COP/WG.6/2018/1。`` (seed 2018/3).
STAR_FOOTNOTE = re.compile(r"^\s*(\*{1,3})[ \t\u3000]*(?=\S)")
#: The star marker of the agenda footnote in the body: ``临时议程*项目3`` -> marker ``*``.
STAR_MARKER = re.compile(rf"(?<=[{CJK}])(\*{{1,3}})(?=[{CJK}\s\d])")

#: An older GA-style footnote line: ``1/ 见 A/56/383。`` (mark, slash, space).
SLASH_FOOTNOTE = re.compile(r"^\s*(\d{1,3})/[ \t\u3000]+(?=\D)")
#: Its marker in the body: ``第 56/119 号决议，1/`` or ``《公约》2/ 及其`` (never ``5/4``: a digit follows).
SLASH_MARKER = re.compile(rf"(?<=[{CJK}，。；》”）)])(\d{{1,3}})/(?: (?=[{CJK}《“（])|(?=[，。；\s]|$))")

# --- segmentation: paragraph starts ---------------------------------------------------------------

#: A numbered paragraph or numbered heading: ``85. 建议各缔约国…``, ``1. 参加并支持…``, ``10．``.
#: Not ``16.4 内容如下`` (a digit after the dot is a decimal).
NUMBERED = re.compile(r"^(\d{1,3})[.．](?![\d.])[ \t\u3000]*")
#: A chapter heading with a Chinese numeral: ``一. 引言``, ``二． 非法贩运枪支…``, ``五、结论``.
CHAPTER = re.compile(r"^([一二三四五六七八九十]{1,3})[.．、][ \t\u3000]*")
#: A lettered section heading: ``A. 规范和政策制定…``, ``B．开发工具``. Not ``V.16-01235`` (no space).
LETTERED = re.compile(r"^([A-Z])[.．][ \t\u3000]+(?=\S)")
#: An enumeration item kept inside its paragraph: ``(a) 会议开幕；``, ``（b）``, ``(iii)``, ``㈠ 任何…``,
#: ``(一) 合法枪支登记册``.
ENUMERATION = re.compile(r"^(?:[(（](?:[a-z]{1,2}|[ivx]{1,5}|[一二三四五六七八九十]{1,3})[)）]|[㈠-㈩])[ \t\u3000]*")
#: An annex heading: ``附件``, ``附件一``, ``附件 二`` (seed 2016/1: the work-programme table follows).
ANNEX = re.compile(r"^附件[ \t\u3000]*[一二三四五六七八九十\dIVX]{0,4}$")
#: An agenda heading whose numbered list is the agenda: ``临时议程``, ``议程``.
AGENDA_HEADING = re.compile(r"^(?:临时)?议程$")

#: A line ending with a symbol in parentheses and no full stop: an entry of a document list
#: (``…的措施的说明（CTOC/COP/WG.6/2012/3）``, seed 2016/1 "文件" lists) ends there.
SYMBOL_IN_PARENS_END = re.compile(r"[（(][A-Z][A-Za-z0-9.]{0,15}(?:/[A-Za-z0-9.]{1,20}){1,8}[）)]$")

# --- segmentation: resolutions --------------------------------------------------------------------

#: A resolution/decision title line: ``第 11/6 号决议``, ``第 60/519 号决定``.
RESOLUTION_TITLE = re.compile(r"^第\s*(\d{1,3}/\d{1,4})\s*号(决议|决定)$")
#: A GA-style resolution heading: ``56/120. 打击非法制造和贩运枪支`` (number, full stop, title).
RESOLUTION_NUMBER_TITLE = re.compile(r"^(\d{1,3}/\d{1,4})[.．][ \t\u3000]*(\S.{0,200})$")
#: The acting body line of a resolution: ``联合国打击跨国有组织犯罪公约缔约方会议，``, ``大会，``.
ACTING_BODY = re.compile(r"^[^。；：，]{0,40}(?:缔约方会议|大会|理事会|委员会|会议)[，,]$")

# --- numbers that are not footnote markers ---------------------------------------------------------

#: Units that follow a number in running text (``第 6 条``, ``2014 年``, ``3 个``): a digit followed
#: by one of these is not a footnote marker.
NUMBER_UNITS = "条款项号段章节年月日时次个名届卷期页倍岁"
