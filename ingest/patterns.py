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
    r"^\s*(?:\d{1,4}(?:/\d{1,4})?\s+)?(?:[A-Z]{1,3}\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{1,6}){0,3}\s*$")
#: A job number inside flattened text (``…的活动。V.33-08127CTOC/…``, ``31-12409(C)E/RES/…``): print-shop
#: residue, never text.
JOB_NUMBER_IN_TEXT = re.compile(r"(?:[A-Z]{1,2}\.\d{2}-\d{5}|(?<![\d/-])\d{2}-\d{5}\s?\([A-Z]\))(?:\s?\([A-Z]\))?")
#: A bare page number line: ``5``, ``- 5 -``, ``第 5 页``, ``5/12``. Dropped in PDF text.
PAGE_NUMBER_LINE = re.compile(r"^\s*(?:-\s*\d{1,4}\s*-|\d{1,4}(?:\s*/\s*\d{1,4})?|第\s*\d{1,4}\s*页)\s*$")
#: A line that is only a UN document symbol (the running header): `` CTOC/COP/WG.6/2016/1``, with an
#: optional page number on either side: ``4 CTOC/COP/WG.6/2016/1``.
SYMBOL_LINE = re.compile(r"^\s*(?:\d{1,4}\s*)?([A-Z][A-Za-z0-9.]{0,15}(?:/[A-Za-z0-9.()-]{1,20}){1,8}(?:\s\(\d{4}\))?)(?:\s+\d{1,4})?\s*$")
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
#: The star marker of the agenda footnote in the body: ``临时议程*项目3`` -> marker ``*``; also at a
#: line's end (``联合国人权事务高级专员的报告*``).
STAR_MARKER = re.compile(rf"(?<=[{CJK}])(\*{{1,3}})(?=[{CJK}\s\d]|$)")

#: An older GA-style footnote line: ``1/ 见 A/56/383。`` (mark, slash, space).
SLASH_FOOTNOTE = re.compile(r"^\s*(\d{1,3})/[ \t\u3000]+(?=\D)")
#: Its marker in the body: ``第 56/119 号决议，1/`` or ``《公约》2/ 及其`` (never ``5/4``: a digit follows).
SLASH_MARKER = re.compile(rf"(?<=[{CJK}，。；》”）)])(\d{{1,3}})/(?: (?=[{CJK}《“（])|(?=[，。；\s]|$))")

# --- segmentation: paragraph starts ---------------------------------------------------------------

#: A numbered paragraph or numbered heading: ``85. 建议各缔约国…``, ``1. 参加并支持…``, ``10．``.
#: Not ``16.4 内容如下`` (a digit after an ASCII dot is a decimal); after a full-width ``．`` a digit
#: is the paragraph's first word (``8．2033年，…``: Chinese decimals use the ASCII dot).
NUMBERED = re.compile(r"^(\d{1,3})(?:\.(?![\d.])|．)[ \t\u3000]*")
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
RESOLUTION_NUMBER_TITLE = re.compile(r"^(\d{1,4}/\d{1,4}|\d{1,4}\s?(?:[A-Z]\s?)?\(\s?[IVXL]{1,6}\s?\))[.．][ \t\u3000]*(\S.{0,200})$")
#: The acting body line of a resolution: ``联合国打击跨国有组织犯罪公约缔约方会议，``, ``大会，``.
ACTING_BODY = re.compile(r"^[^。；：，]{0,40}(?:缔约方会议|大会|理事会|委员会|会议)[，,]$")

# --- numbers that are not footnote markers ---------------------------------------------------------

#: Units that follow a number in running text (``第 6 条``, ``2014 年``, ``3 个``): a digit followed
#: by one of these is not a footnote marker.
NUMBER_UNITS = "条款项号段章节年月日时次个名届卷期页倍岁"

# --- metadata: the document's own identity ---------------------------------------------------------

#: One component of a UN symbol after a slash: ``COP``, ``WG.6``, ``2030``, ``CONF.192``, ``L.5``,
#: ``Add.1``, ``C.1``. Digits never run into letters, so a glued neighbour ends the symbol
#: (``A/99/12Distr.`` -> ``A/99/12``).
_SYMBOL_PART = r"(?:[A-Z][A-Za-z]{0,9}(?:\.\d{1,4})?|\d{1,4}(?:\.\d{1,4})?)"
#: A UN document symbol anywhere in a line, also glued to its neighbours in flattened text:
#: ``联合国A/99/12大会Distr.:General`` -> ``A/99/12``; ``S/RES/9999 (2030)`` keeps its year.
#: Job numbers (``V.99-81234``, ``30-12345 (C)``) have no slash and never match.
SYMBOL_IN_TEXT = re.compile(
    rf"(?<![A-Za-z0-9/.])([A-Z]{{1,6}}(?:\.\d{{1,4}})?(?:/{_SYMBOL_PART}){{1,8}}(?:[ \t]?\(\d{{4}}\))?)")
#: The ``Distr.`` line of the header block, glued or spaced: ``Distr.: General``, ``Distr.:General``,
#: ``Distr.: Limited``. The symbol printed next to it is the document's own.
DISTR = re.compile(r"Distr\s*\.?\s*:?\s*(?:General|Limited|Restricted)", re.I)
#: A resolution or decision named on its first line, the number in any of the UN's forms:
#: ``第 88/12 号决议``, ``联合国大会88/12号决议``, ``大会第88/12号决议``, ``第 9999 (2030) 号决议``,
#: ``第1234 B(XX)号决议``, ``第 60/519 号决定``. Group ``body`` is the body's name when printed. Not a
#: mention inside a sentence (``第 5/4 号决议。``, ``第 5/4 号决议和…`` at the start of a wrapped line).
RESOLUTION_HEAD = re.compile(
    r"^(?:联合国)?(?P<body>大会|安全理事会|安理会|经济及社会理事会|经社理事会|人权理事会|麻醉药品委员会|"
    r"预防犯罪和刑事司法委员会|缔约方会议)?\s*第?\s*(?P<number>\d{1,4}/\d{1,4}(?:\s?[A-Z](?![A-Za-z]))?|"
    r"\d{1,4}\s?(?:[A-Z]\s?)?\(\s?(?:[IVXL]{1,6}|\d{4})\s?\))\s*号\s*(?P<kind>决议|决定)(?![。，,；;、的和及与中所])")
#: A presidential statement named in words: ``安理会主席声明2030年第5号``, ``安全理事会主席声明
#: 2030 年第 5 号`` -> ``S/PRST/2030/5``.
PRST_IN_WORDS = re.compile(r"(?:安全理事会|安理会)主席(?:的)?声明\s*(\d{4})\s*年\s*第\s*(\d{1,3})\s*号")
#: Symbols that are a resolution or decision: ``A/RES/88/12``, ``S/RES/9999 (2030)``,
#: ``E/RES/2030/5``, ``A/HRC/RES/52/3``, ``A/RES/1234(XX)``, ``A/DEC/88/512``.
RESOLUTION_SYMBOL = re.compile(
    r"^(?P<series>A/HRC|A|S|E)/(?P<kind>RES|DEC)/(?P<number>\d{1,4}(?:/\d{1,4})?(?:\s?[A-Z])?(?:\s?\((?:[IVXL]{1,6}|\d{4})\))?)$")
#: A Roman-numeral GA session number as printed: ``1234 B(XX)``, ``987 (X)`` (spaced to ``1234 B (XX)``).
ROMAN_NUMBER = re.compile(r"^(\d{1,4})\s?([A-Z])?\s?\(\s?([IVXL]{1,6})\s?\)$")
#: A Security Council number with its year: ``9999 (2030)``, ``9999(2030)``.
SC_NUMBER = re.compile(r"^(\d{1,4})\s?\(\s?(\d{4})\s?\)$")
#: A symbol spelled with underscores (file names, ``CTOC_COP_2012_6`` in seed 2014/2).
UNDERSCORE_SYMBOL = re.compile(r"^([A-Z][A-Z0-9.]{0,15}(?:_[A-Z0-9.]{1,20}){1,8}?)(?:_[ACEFRS])?$")

# --- metadata: dates --------------------------------------------------------------------------------

#: An English date, also with the spaces lost in flattened text: ``5 March 2030``, ``5March2030``.
ENGLISH_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*(January|February|March|April|May|June|July|August|September|"
                          r"October|November|December)\s*(\d{4})(?!\d)")
#: A Chinese date: ``2030年3月5日``, ``2030 年 3 月 5 日``.
CHINESE_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
#: The adoption line of a resolution: ``2030年11月20日第64次全体会议`` (GA), ``2030年3月5日安全理事会
#: 第9999次会议通过`` (SC); a date followed by the meeting number.
ADOPTION_LINE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:[^\s，。；]{0,12}?)"
                           r"第\s*[\d一二三四五六七八九十百零]{1,6}\s*次(?:全体)?会议")
#: A GA session in words: ``第八十五届会议`` (session N opens in September of 1945 + N).
SESSION = re.compile(r"第([一二三四五六七八九十百]{1,5}|\d{1,3})\s*届会议")
#: The adoption line with the meeting first: ``第64次全体会议 2030年11月20日`` (also across a line break).
MEETING_THEN_DATE = re.compile(r"第\s*[\d一二三四五六七八九十百零]{1,6}\s*次全体会议\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")

# --- metadata: types and titles -----------------------------------------------------------------------

#: Verbs that open a resolution's first preambular paragraph right after the acting body.
_PREAMBLE_VERBS = (r"回顾|又回顾|重申|注意到|深为|深切|欢迎|认识到|确认|铭记|关切|强调|考虑到|表示|意识到|严重关切|"
                   r"赞赏|申明|承认|念及|遵循|决定|重点指出|深信|感到")
#: The acting body of a resolution inside flattened text: ``…小武器和轻武器非法贸易大会，回顾其…``.
ACTING_BODY_IN_TEXT = re.compile(
    rf"(?:大会|安全理事会|经济及社会理事会|人权理事会|缔约方会议|麻醉药品委员会|预防犯罪和刑事司法委员会)[，,]"
    rf"(?=\s*(?:{_PREAMBLE_VERBS}))")
#: Heading words of the front matter naming the document type, in order of precedence (a note by
#: the Secretary-General that transmits a report is a note; a draft is told by its sponsor line,
#: ``DRAFT_LINE``, not by 决议草案 in a report's heading): 主席声明,
#: 普通照会 (note verbale), 问题单/调查问卷 (questionnaire), 背景文件, 临时议程(和)说明 / 临时议程,
#: ``秘书长的说明``, 报告, 说明.
TYPE_WORDS = (
    (re.compile(r"主席声明|Statement by the President", re.I), "presidential_statement"),
    (re.compile(r"普通照会|[Nn]ote verbale"), "note"),
    (re.compile(r"问题单|调查问卷|问卷|[Qq]uestionnaire"), "questionnaire"),
    (re.compile(r"背景文件|[Bb]ackground paper"), "background_paper"),
    (re.compile(r"临时议程和?说明|^(?:临时)?议程$|^(?:Provisional )?[Aa]genda$"), "agenda"),
    (re.compile(r"^[^，。、]{1,12}的说明$|^Note by the"), "note"),
    (re.compile(r"报告|^Report\b"), "report"),
    (re.compile(r"说明$"), "note"),
)
#: Front-matter lines that are never the title: the header block (``Distr.: General``, ``Chinese``,
#: ``Original: English``, ``联合国``, job numbers), vote lists (``赞成：``) and sponsor lists
#: (``阿尔巴尼亚、安道尔……：决议草案``).
NOT_A_TITLE = re.compile(r"Distr\s*\.|\s(?:>|&gt;|＞)\s|联合国[A-Z]{1,6}/|^\[.{0,80}\]$|^(?:Chinese|English|French|Spanish|Russian|Arabic)$|Original\s*:|^联合国$|"
                         r"^(?:赞成|反对|弃权)\s*[:：]|^[^：:]{0,400}[、，][^：:]{0,400}[:：]\s*(?:决议草案|决定草案|订正)")

# --- segmentation: damaged text -------------------------------------------------------------------

#: A numbered paragraph glued to the end of the previous one when line breaks were lost:
#: ``…的报告。2．大会…``, ``…的报告。2.大会…``, ``…号决议，4/3. 请…`` (footnote mark ``4/``, then
#: paragraph 3). Split only when the number is the one expected next (see ``ingest.segment``), so
#: dates, decimals (``16.4``) and counts are never split.
GLUED_NUMBER = re.compile(rf"(?:(?<=[。；！？;!?”」）)，])|(?<=[{CJK}])(?<!第)|(?<=\d/))[ \t\u3000]*(\d{{1,3}})[.．][ \t\u3000]*(?=[{CJK}《“（(])")
#: A vote list line: ``赞成：阿尔巴尼亚、…``, ``反对：无``, ``弃权：…`` — a block of its own.
VOTE_LINE = re.compile(r"^\s*(?:赞成|反对|弃权)\s*[:：]")
#: The acting body glued to the first preambular paragraph: ``大会，回顾其…`` -> ``大会，`` / ``回顾其…``.
ACTING_BODY_GLUED = re.compile(
    rf"^([^。；：，]{{0,40}}(?:缔约方会议|大会|理事会|委员会))[，,](?=\s*(?:{_PREAMBLE_VERBS}))")
#: Cover-page lines of the header block (document metadata, not paragraphs): ``Distr.: General``,
#: ``Chinese``, ``Original: English``, ``联合国``, the English issue date, ``Distr.: General 5 March
#: 2030 Chinese Original: English`` on one line.
COVER_LINE = re.compile(
    r"^(?:Distr\s*\.?\s*:?\s*(?:General|Limited|Restricted).*|(?:Chinese|English|French|Spanish|Russian|Arabic)|"
    r"Original\s*:\s*\w+|原文\s*[:：]\s*\S{1,4}文|联合国|United Nations|\d{1,2}\s*(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\s*\d{4})$")
#: A date or meeting line that closes a resolution (``2030年11月20日``, ``第64次全体会议``): text, never
#: a heading, also when split over two lines.
DATE_LINE = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^，。]{0,10}(?:，[^，。]{1,8})?|第\s*[\d一二三四五六七八九十百零]{1,6}\s*次全体会议.{0,20})$")
#: The sponsor line of a draft resolution (``阿根廷、奥地利……和乌拉圭：决议草案``) or the bare
#: ``决议草案`` line: the draft's own title follows it.
DRAFT_LINE = re.compile(r"(?:^|[:：])\s*(?:订正)?(?:决议|决定)草案$")
#: The end of a first-page header block glued into one line: ``…Distr.:General9August2031Chinese
#: Original:English`` (the language lines, else the date after ``Distr.``).
HEADER_END = re.compile(r"Distr\s*\.?\s*:?\s*(?:General|Limited|Restricted)\s*\d{0,2}\s*[A-Z][a-z]{2,8}\s*\d{4}"
                        r"(?:\s*(?:Chinese|English|French|Spanish|Russian|Arabic))?(?:\s*Original\s*:\s*[A-Z][a-z]{3,8})?")
#: Where a glued front line is cut into parts: before a session (``第八十八届会议``, ``2031年届会议``),
#: an agenda item (``议程项目98(s)``), a chapter heading (``一.建议``), a numbered paragraph.
FRONT_CUT = re.compile(r"第[一二三四五六七八九十百]{1,5}届会议|\d{4}年届会议|(?:临时)?议程\*?项目\s*\d{1,3}(?:\s*\([a-z]\))?"
                       r"|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,3}[.．](?=[\u4e00-\u9fff])")
#: A GA/ECOSOC-style number heading glued inside flattened text: ``…通过]2031/19.加强国际合作…``.
NUMBER_TITLE_IN_TEXT = re.compile(rf"(?<![\d/])\d{{1,4}}/\d{{1,4}}[.．](?=[{CJK}])")
#: The English twin of an acting body line: ``The Commission on Narcotic Drugs,``, ``The General Assembly,``.
ACTING_BODY_EN = re.compile(r"^The (?:(?:[A-Z][A-Za-z-]+|on|of|and|for|the|to)\s?){1,12}[,，]$")
#: A line opening a preambular paragraph (``又回顾其…``, ``注意到…``): after a line ending in a comma it
#: starts a paragraph of its own (sentence-aligned lines of a resolution).
PREAMBLE_LINE = re.compile(rf"^(?:又|还|并|另)?(?:{_PREAMBLE_VERBS})")
#: A preambular paragraph start after the previous one's comma, inside a flattened resolution:
#: ``…的决议，又回顾其…``, ``…报告，深为关切…``.
PREAMBLE_START = re.compile(rf"(?<=[，,])(?=(?:{_PREAMBLE_VERBS}))")
#: A footnote glued after a flattened resolution's adoption line: ``…全体会议1《经济及社会理事会正式
#: 记录…》。2大会第69/196号决议，附件。`` (numbers in sequence from 1).
GLUED_NOTE = re.compile(rf"(?:(?<=[。）)])|(?<=会议))(\d{{1,2}})(?=[《“{CJK}])")
#: A chapter heading glued to the end of a front line by flattening: ``…会议的报告一.建议``.
CHAPTER_GLUED = re.compile(rf"(?<=[{CJK}])[一二三四五六七八九十]{{1,3}}[.．][{CJK}]{{1,20}}$")
#: A session report's title line after its body line: ``预防犯罪和刑事司法委员会`` / ``第四十届会议报告``.
SESSION_REPORT = re.compile(r"^第[一二三四五六七八九十百]{1,5}届(?:会议)?(?:的)?报告$")
#: The heading of a collection of adopted texts: ``经济及社会理事会2031年届会议通过的决定``; the bare
#: number on the next line (``2031/241``) is the text's number.
ADOPTED_BY = re.compile(r"^(?P<body>[^，。]{2,20}?)(?:\d{4}年)?(?:届会议|第[一二三四五六七八九十百]{1,5}届会议)?通过的(?P<kind>决议|决定)$")
#: A bare resolution/decision number line: ``2031/241``, ``88/537``.
BARE_NUMBER = re.compile(r"^(\d{1,4}/\d{1,4})[.．]?$")
#: The year of an Official Records supplement: ``经济及社会理事会正式记录，2031年``.
OFFICIAL_RECORDS = re.compile(r"正式记录[，,]\s*(\d{4})\s*年")
#: The adoption note of a GA resolution: ``[根据第三委员会的报告(A/89/468)通过]`` (never the title).
ADOPTION_NOTE = re.compile(r"^\s*\[[^\]]{0,120}通过\]\s*")
#: A decision's opening: ``在2033年12月7日第58次全体会议上，大会…`` (no acting body line).
DECISION_OPENING = re.compile(r"^在\s*\d{4}\s*年[^，。]{0,20}第\s*\d{1,4}\s*次(?:全体)?会议上[，,]\s*(?P<body>[^，。]{2,20}?)(?:未经表决)?(?:根据|决定|注意到|核可|回顾|请|选举|任命)")
#: An agenda-item line of the front matter: ``临时议程*项目5(b)``, ``议程项目 6``, ``Agenda item 98``.
AGENDA_ITEM = re.compile(r"^\s*(?:(?:临时)?议程\*{0,3}\s*项目|(?:Provisional )?[Aa]genda item)\s*[\d、和及 (a-z)（）]{1,30}$")
#: A dated title of a note verbale or letter, after a glued agenda-item title: ``…的工作2034年12月5日
#: 泰国常驻…代表团给…的普通照会`` -> from the date on.
DATED_TITLE = re.compile(r"(?<=[\u4e00-\u9fff])\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{4,120}(?:普通照会|的信)$")
#: How a document's own title may open: a date (notes verbales, letters, meeting reports) or an
#: action noun (``加强…``, ``促进…``, ``打击…``, ``预防…``).
TITLE_START = re.compile(r"^(?:\d{4}\s*年|加强|促进|打击|预防|防止|支持|执行|落实|关于)")
#: A front line that is only a month: ``2034年3月`` (a questionnaire's or study's date) -> ``2034-03``.
CHINESE_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
#: The part letter of an omnibus resolution on a line of its own: ``45/58.  全面彻底裁军`` / ``P`` /
#: ``国际武器转让`` (resolution 45/58 P, titled by its part).
PART_LETTER = re.compile(r"^\s*[A-Z]\s*$")
#: A meeting's dates and place in the front matter: ``2035年6月10日至12日，维也纳``.
MEETING_LINE = re.compile(r"^(\d{4})\s*年\s*\d{1,2}\s*月[^，。]{0,20}[，,]\s*[^\s，。]{2,8}$")
