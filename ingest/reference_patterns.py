"""Every pattern and table the citation extractor (``ingest.references``) uses, in one place (the
instrument names are the INSTRUMENT entries of corpus/aliases.toml, plus ``INSTRUMENTS`` below).

Each regex is a named constant with a real example of what it matches and why it looks the way it
does. The patterns run on the *normalised* paragraph text (``normalise``): full-width digits, Latin
letters, ``／`` and ``．`` mapped to ASCII one character for one, so offsets are unchanged.

Performance rule: no nested unbounded quantifiers over the same characters, every look-behind window is
bounded, so a 1 MB single line is scanned in linear time (``tests/test_reference_properties.py``).
"""

from __future__ import annotations

import re

# --- normalisation -------------------------------------------------------------------------------

#: One-for-one character map: full-width digits/letters/slash/dot and wide spaces to ASCII.
#: Example: ``第５/４号决议`` -> ``第5/4号决议``. One character in, one out, so offsets stay valid.
FULLWIDTH = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
    0xFF0F: ord("/"), 0xFF0E: ord("."), 0xFF3F: ord("_"),
    0x3000: ord(" "), 0x00A0: ord(" "),
}


#: Any character ``FULLWIDTH`` maps: most paragraphs have none, and a search is cheaper than ``translate``.
FULLWIDTH_CHAR = re.compile("[" + "".join(chr(code) for code in FULLWIDTH) + "]")


def normalise(text: str) -> str:
    """``text`` with full-width digits, letters, slash and dot made ASCII; same length as ``text``."""
    return text.translate(FULLWIDTH) if FULLWIDTH_CHAR.search(text) else text


# --- resolutions and decisions -------------------------------------------------------------------

#: Spaces with at most one line break: text copied with its hard line breaks splits a reference
#: anywhere (``回顾其2031年12月6日第\n86/517号决定``).
_GAP = r"[ \t]*(?:\n[ \t]*)?"

#: One resolution/decision number: COP/GA/CND ``5/4``, ``70/1``, ``56/24 V`` (lettered part, as GA
#: resolution 56/24 V), ECOSOC ``2011/23``, a Security Council ``2370 (2017)`` (number + year), or a
#: General Assembly resolution of the Roman-numeral sessions ``2200 A (XXI)``, ``987(X)`` (number, part
#: letter, session), or one of its special and emergency special sessions ``S-30/1``, ``ES-10/1``.
#: The SC form comes first so ``2370 (2017)`` is not read as a bare number; the
#: Roman session is upper-case I/V/X/L only (sessions I–L), so ``(c)`` or ``(C)`` of a job number is not one.
_NUMBER = (
    r"(?:\d{1,4}[ \t]*[(（][ \t]*(?:19|20)\d\d[ \t]*[)）]"
    r"|\d{1,4}(?:[ \t]*[A-Z](?=[ \t]*[(（]))?[ \t]*[(（][ \t]*[IVXL]{1,7}[ \t]*[)）]"
    r"|E?S-\d{1,2}/\d{1,3}"
    r"|\d{1,4}" + _GAP + r"/" + _GAP + r"\d{1,4}(?:[ \t]*[A-Z]{1,4}(?![A-Za-z]))?)"
)
#: The number of one item, for reading the items of a list back out of a matched list.
NUMBER = re.compile(_NUMBER)

#: Chinese body names that may stand between the items of one list:
#: ``大会第 70/1 号和安全理事会第 2370 (2017) 号决议``.
_BODY_ALTERNATION = (
    r"(?:联合国大会|大会|安全理事会|安理会|经济及社会理事会|经社理事会|麻醉药品委员会|麻委会"
    r"|预防犯罪和刑事司法委员会|预防犯罪委员会|人权理事会|缔约方会议|缔约国会议)"
)
#: Connectors between list items: ``、`` ``，`` ``和`` ``及`` ``以及`` ``与``.
_LIST_SEP = r"[ \t]*(?:以及|、|，|,|和|及|与)[ \t]*"
#: What an item of a list may state before its number: its own date and title,
#: ``、2011年4月7日第62/8号``, ``和 2011 年 4 月 7 日题为“…”的第 62/8 号``. Each part is bounded and
#: starts with a character nothing else in the run starts with, so the run stays linear.
_ITEM_DATE_TITLE = (
    r"(?:(?:19|20)\d\d[ \t]*年[ \t]*\d{1,2}[ \t]*月(?:[ \t]*\d{1,2}[ \t]*日)?[ \t]*(?:的[ \t]*)?)?"
    r"(?:题为[ \t]*[“\"][^“”\"\n]{1,300}[”\"][ \t]*的[ \t]*)?"
)

#: A run of resolution/decision numbers, alone or as a list sharing one ``号决议``:
#: ``第 5/4 号``, ``第 6/2 号、第 7/2 号和第 8/3 号``, ``第 2370 (2017)``, ``第 6/2、7/2 和 8/3``, and lists
#: whose items carry their own date (and title): ``第61/12号、2011年4月7日第62/8号和第62/9号``. A run is
#: a citation only when ``RESOLUTION_TAIL`` (``号决议``/``号决定``) follows it: a bare ``5/4`` is a date or
#: a ratio far more often than a resolution. The run is found first and the tail checked after, so
#: the scan stays linear: a forward pattern with the tail inside would rescan a long list that ends
#: without ``号决议`` from every ``第`` in it (quadratic on ``第 1/1、第 1/1、…``).
RESOLUTION_RUN = re.compile(
    r"第" + _GAP + _NUMBER + r"(?:" + _GAP + r"号)?"
    r"(?:" + _LIST_SEP + r"(?:" + _BODY_ALTERNATION + r"[ \t]*)?" + _ITEM_DATE_TITLE + r"(?:第" + _GAP + r")?"
    + _NUMBER + r"(?:" + _GAP + r"号)?)*"
)
#: What closes a run into a citation: ``号决议``, ``号决定`` (or ``决议`` when the run ended on ``号``).
RESOLUTION_TAIL = re.compile(_GAP + r"(?P<hao>号)?" + _GAP + r"(?P<kind>决议|决定)")
#: One item inside a matched list, with its own ``第`` and ``号``: ``第 7/2 号``.
RESOLUTION_ITEM = re.compile(r"(?:第" + _GAP + r")?" + _NUMBER + r"(?:" + _GAP + r"号)?")

#: English forms, for interleaved zh/en texts: ``resolution 70/1``, ``resolutions 6/2 and 7/2``,
#: ``decision 4/6``, ``resolution 2370 (2017)``. The word is required before the number.
RESOLUTION_EN = re.compile(
    r"\b(?P<kind>[Rr]esolution|[Dd]ecision)s?[ \t]+" + _NUMBER
    + r"(?:(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+|[ \t]*,[ \t]*and[ \t]+)" + _NUMBER + r")*"
)

#: Spaces inside a number, removed before its parts are spaced the UN's way.
NUMBER_SPACES = re.compile(r"\s+")
#: A compact number's parts: ``56/24`` + ``V``; ``1234`` + ``B`` + ``(XX)``; ``2370`` + ``(2017)``.
NUMBER_PARTS = re.compile(r"(\d+(?:/\d+)?)([A-Z]*)(\([^)]*\))?")

#: Resolution symbols: ``S/RES/2117(2013)``, ``S/RES/9999 (2030)`` (SC), ``A/RES/70/1``,
#: ``A/RES/2200 A (XXI)`` (GA), ``E/RES/2011/23`` (ECOSOC).
#: Read as resolutions, not documents, because that is what they identify.
RESOLUTION_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9/._-])(?P<series>[ASE])/RES/(?P<num>" + _NUMBER + ")"
)
#: The series letter of a resolution symbol and its body.
RESOLUTION_SERIES = {"A": "GA", "S": "SC", "E": "ECOSOC"}

# --- document symbols ----------------------------------------------------------------------------

#: A line break (with spaces around it) allowed only right after a ``/`` or ``.`` inside a symbol:
#: PDF text breaks ``CTOC/COP/ \nWG.6/2012/3`` there.
_BREAK = r"[ \t]*(?:\r?\n[ \t]*)?"
#: One component after a slash: ``COP``, ``WG.6``, ``CONF.192``, ``Corr.2``, ``2014``, ``15``.
_COMPONENT = r"(?:[A-Z][A-Za-z]*(?:\." + _BREAK + r"\d+|\d+)?|\d+(?:\.\d+)?)"

#: Where a symbol may start: not inside a URL or a longer token, except right after a GA-style
#: footnote mark glued to it in flattened text (``…第24段。2/A/CONF.192/BMS/2003/1。3/A/58/207。``).
_SYMBOL_START = r"(?:(?<![A-Za-z0-9/._\-@#])|(?<=^\d/)|(?<=^\d\d/)|(?<=[。；;，,\s]\d/)|(?<=[。；;，,\s]\d\d/))"
#: A component may also glue digits to letters: ``ATT/CSP20/2034/WGTU/1``.
#: A UN document symbol: ``CTOC/COP/WG.6/2014/4``, ``A/CONF.192/15``, ``A/60/88/Corr.2``,
#: ``E/CN.3/2016/2``, ``S/PRST/2010/6``, glued to Chinese (``见CTOC/COP/WG.6/2014/4号文件``), inside
#: markdown link residue (``[CTOC/COP/WG.6/2017/4](#)``) or broken across lines. At least three
#: components; not inside a URL or a longer token (the look-behind); the look-ahead refuses a match
#: that would end inside a longer word, so backtracking cannot cut ``WG.6`` to ``WG``. The caller
#: also requires a digit somewhere (``HIV/AIDS/TB`` is not a symbol).
SYMBOL = re.compile(
    _SYMBOL_START + r"(?P<sym>[A-Z]{1,8}(?:\.\d+)?(?:/" + _BREAK + _COMPONENT + r"){2,})"
    r"(?![A-Za-z0-9/]|\.[A-Za-z0-9])"
)
#: Two-part symbols of the old numbering and of the Conference on Disarmament: ``A/8817``,
#: ``S/11234``, ``E/5678``, ``CD/2361`` (series letters, one slash, three to five digits).
SYMBOL_SHORT = re.compile(_SYMBOL_START + r"(?P<sym>(?:A|S|E|CD)/\d{3,5})(?![A-Za-z0-9/]|\.[A-Za-z0-9])")
#: What every SYMBOL and SYMBOL_SHORT match holds: a capital letter (or its ``.<digits>``) right
#: before a slash. Searched first: far cheaper than their scans, which try each position.
LETTERS_SLASH = re.compile(r"[A-Z](?:\.\d+)?/")
#: Parts of a symbol cited after it by their last component only: ``A/53/334和Add.1`` (the report
#: and its addendum), ``A/60/88 和 Corr.2``, ``A/53/334、Add.1和Add.2``. Matched right after a symbol.
SYMBOL_PARTS_AFTER = re.compile(r"[ \t]*(?:和|及|以及|、|，|,|and)[ \t]*(?P<part>(?:Add|Corr|Rev)\.\d{1,2})(?![A-Za-z0-9/])")
#: Running headers glued into flattened text: the document's own symbol with its page number run on,
#: after the job number or before the ``/N`` of "page n/N": ``31-12409(C)E/RES/2031/192/3 3.鼓励…``
#: is E/RES/2031/19, page 2/3, not E/RES/2031/192.
JOB_NUMBER_BEFORE = re.compile(r"\d{2}-\d{5}[ \t]*(?:[(（][A-Z][)）])?[ \t]*$")
PAGE_OF_AFTER = re.compile(r"/\d{1,3}(?![\d/])")
#: A running header standing alone: after a sentence end or a space, before a space or the end
#: (a citation in running text is followed by punctuation, ``号文件`` or a bracket).
HEADER_ALONE = frozenset("。；; \t\n")
HEADER_END = re.compile(r"[ \t\n]+|$")
#: What a running header glues after the own symbol: the page, maybe with its "/N" (read as part of
#: a longer symbol: ``A/99/12`` + ``2/3`` -> ``A/99/122/3``).
PAGE_GLUED = re.compile(r"\d{1,3}(?P<of>/\d{1,3})?")
#: The joint of a joint symbol (a document issued under two): ``E/2031/30-E/CN.15/2031/14``.
JOINT_SYMBOL = re.compile(r"-(?=[A-Z]{1,8}[./])")
#: Underscore symbols of ODS file names printed in text: ``CTOC_COP_2012_6`` -> ``CTOC/COP/2012/6``.
#: Only for known series, ending in year and number, so ordinary snake_case words never match.
SYMBOL_UNDERSCORE = re.compile(
    r"(?<![A-Za-z0-9_])(?P<sym>(?:CTOC|CAC|UNODC|A|E|S)(?:_[A-Z][A-Za-z]*(?:\.\d+)?)+_(?:19|20)\d\d_\d{1,3})"
    r"(?![A-Za-z0-9_])"
)
#: Whitespace (and line breaks) removed when a symbol is normalised.
WHITESPACE = re.compile(r"\s+")

# --- recommendations -----------------------------------------------------------------------------

#: Numbered working-group recommendations: ``建议 23``, ``建议21``, ``（建议 21）``, ``建议 6 和 18``,
#: ``建议 6、10 和 18``. Numbers of one to three digits not followed by a digit or a decimal point
#: (``建议 16.4`` is an SDG target, ``建议 88.`` a heading run into a flattened paragraph number).
RECOMMENDATION = re.compile(
    r"建议[ \t]*\d{1,3}(?![\d.])(?:[ \t]*(?:以及|、|，|,|和|及)[ \t]*\d{1,3}(?![\d.]))*"
)
#: English: ``recommendation 23``, ``recommendations 6 and 18``.
RECOMMENDATION_EN = re.compile(
    r"\b[Rr]ecommendations?[ \t]+\d{1,3}(?![\d.])(?:(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+)\d{1,3}(?![\d.]))*"
)
#: One number inside a recommendation list.
DIGITS = re.compile(r"\d+")
#: Characters after a number that show it is a count or a date, not a recommendation number:
#: ``建议 3 个``, ``建议 2017 年``. Checked on the character after each number.
NOT_A_RECOMMENDATION_AFTER = frozenset("年月日号%条段次项个名款章")
#: The meeting a sentence names for the recommendations it cites, when it is "the last one":
#: ``工作组上次会议提出的建议 6 和 18``, ``最后一次工作组会议``.
LAST_MEETING = re.compile(r"上次会议|上一次会议|上届会议|最近一次会议|最后一次(?:工作组)?会议|(?:last|previous) meeting")
#: A meeting named explicitly some other way, so "the last report" must not be assumed:
#: ``工作组第五次会议提出的建议 20``, ``在 2021 年第八次会议上``, ``2015 年 6 月 9 日…会议上``.
OTHER_MEETING = re.compile(r"第[一二三四五六七八九十\d]+次(?:工作组)?会议|(?:19|20)\d\d[ \t]*年[^。；]{0,30}会议")

# --- treaty articles -----------------------------------------------------------------------------

#: A treaty article: ``第 32 条``, ``第五十一条`` (Chinese numerals, as the Charter and older texts are
#: cited), ``第 13 条第 1 款``, ``第 11(b)条``, ``第 5 条(c)款``,
#: ``第 27 条第 1 款(d)项``. A paragraph list ``第 10 条第 2 和第 4 款`` keeps the article only.
ARTICLE = re.compile(
    r"第[ \t]*(?P<art>\d{1,3}|[一二三四五六七八九十百零]{1,6})[ \t]*(?:[(（](?P<sub1>[a-z])[)）][ \t]*)?条"
    r"(?:[ \t]*第[ \t]*(?P<para>\d{1,2})[ \t]*款)?"
    r"(?:[ \t]*[(（](?P<sub2>[a-z]|[ivx]{1,4})[)）](?:[ \t]*(?:款|项))?)?"
)
#: Several paragraphs of one article: ``第 10 条第 2 和第 4 款`` -> 10(2) and 10(4), one citation each
#: (surfaces ``第 10 条第 2`` and ``第 4 款``, as the items of a resolution list).
ARTICLE_PARAGRAPHS = re.compile(
    r"第[ \t]*(?P<art>\d{1,3})[ \t]*条[ \t]*第[ \t]*\d{1,2}"
    r"(?:[ \t]*(?:、|和|及|以及)[ \t]*第?[ \t]*\d{1,2})+[ \t]*款"
)
#: One paragraph number inside ``ARTICLE_PARAGRAPHS`` (with its own ``第``).
ARTICLE_PARAGRAPH_ITEM = re.compile(r"(?:第[ \t]*)?(?P<para>\d{1,2})(?![ \t]*条)")
#: English articles: ``article 13(1)``, ``art. 32``, ``article 12, paragraph 4,`` (-> 12(4)).
ARTICLE_EN = re.compile(
    r"\b(?:[Aa]rticle|[Aa]rt\.)[ \t]*(?P<art>\d{1,3})"
    r"(?:[ \t]*\((?P<para>\d{1,2}|[a-z])\)|,[ \t]*paragraph[ \t]+(?P<para2>\d{1,2})(?![\d.]))?"
)
#: An instrument named in book-title marks: ``《枪支议定书》``, ``《公约》``. Bounded length.
INSTRUMENT_TITLE = re.compile(r"《(?P<name>[^《》\n]{1,120})》")
#: English instrument names in interleaved texts.
INSTRUMENT_EN = re.compile(r"Firearms Protocol|Organized Crime Convention|Arms Trade Treaty|Programme of Action")

#: Instrument names the citation extractor knows beyond the INSTRUMENT entries of corpus/aliases.toml
#: (``reference_resolve.instrument_names`` reads those and adds these): forms met in citations that
#: entity recognition must not tag (bare ``行动纲领`` names any programme of action elsewhere) and a
#: spelling variant of the ITI title.
INSTRUMENTS = {
    "行动纲领": "poa",
    "Programme of Action": "poa",
    "使各国能够及时和可靠地识别和追查非法小武器和轻武器的国际文书": "iti",
}
#: Generic names of an instrument standing for the one under discussion: ``重申条约第1条`` in a
#: resolution on 《武器贸易条约》 is the ATT's article 1; ``本公约第 5 条``.
GENERIC_INSTRUMENTS = ("条约", "公约", "议定书", "宪章", "纲领", "文书")
#: Characters allowed right before ``第 N 条`` for the instrument to come from context rather than
#: from a word glued to it: ``（第 13 条）``, ``根据第 5 条``, ``本议定书第 5 条`` -> context;
#: ``议事规则第 2 条`` (rules of procedure) -> not an article of any instrument we know.
ARTICLE_CONTEXT_BEFORE = frozenset(" \t\n（(，,、；;：:。.据照依见即和及与在如其本该按由是了对于")

# --- relations, pinpoints, titles, dates ---------------------------------------------------------

#: Governing verbs and the relation they give, longest first: ``还回顾…第 5/4 号决议`` -> recalls.
VERBS = (
    ("还回顾", "recalls"), ("又回顾", "recalls"), ("回顾", "recalls"), ("忆及", "recalls"),
    ("重申", "reaffirms"), ("注意到", "takes_note"), ("欢迎", "welcomes"), ("核可", "endorses"),
    ("根据", "pursuant_to"), ("依照", "in_accordance_with"), ("按照", "in_accordance_with"),
    ("依据", "in_accordance_with"), ("参见", "see"), ("另见", "see"), ("见", "see"),
    ("Recalling", "recalls"), ("recalls", "recalls"), ("Reaffirming", "reaffirms"),
    ("Taking note", "takes_note"), ("takes note", "takes_note"), ("Welcoming", "welcomes"),
    ("pursuant to", "pursuant_to"), ("Pursuant to", "pursuant_to"), ("in accordance with", "in_accordance_with"),
    ("See", "see"), ("see", "see"),
)
#: Any governing verb. A bare ``见`` counts only when a reference follows it (``见大会``, ``见 A/60/88``,
#: ``（见 [CTOC/…``), never in ``意见``/``可见``. English verbs only as whole words. Every alternative
#: starts with its first character (the checks on the character before come after it, as
#: lookbehinds), so a scan skips to the possible first characters instead of trying each position.
VERB = re.compile(
    "|".join(re.escape(v) for v, _ in VERBS if v not in ("见", "See", "see"))
    + r"|见(?<![意可看会预所罕常显偏起听遇]见)(?=[ \t]*(?:\[|[A-Z]|第|大会|安全|安理|缔约|经济|麻醉|预防|人权|《|同上))"
    + r"|S(?<!\wS)ee\b(?=[ \t]+[A-Z\[])|s(?<!\ws)ee\b(?=[ \t]+[A-Z\[])"
)
#: Relation of a citation framed ``在…中`` (``在其第 6/2 号决议中``, ``在同一决议中``): refers_to.
FRAME_OPEN = re.compile(r"在[^，。；,;在]{0,300}$")
FRAME_CLOSE = re.compile(r"[ \t]*中")

#: Pinpoint after a citation: ``（A/CONF.192/15），第四章，第 24 段`` -> chap. IV, para. 24;
#: ``该决议第 7 段`` -> para. 7; ``A/60/88/Corr.2，附件`` -> annex; ``第二节`` / ``A 节`` -> sect. II / sect. A;
#: ``同上，第 3 页`` -> p. 3; ``执行部分第 2 段`` -> para. 2, ``序言部分第 3 段`` -> preamble para. 3.
#: Anchored at the citation's end (after a closing bracket, link residue or comma).
_PINPOINT_PART = (
    r"第(?P<chap>[一二三四五六七八九十]{1,3})章"
    r"|第(?P<sect>[一二三四五六七八九十]{1,3})节|(?P<sectl>[A-Z])[ \t]*节"
    r"|(?P<pre>序言部分|执行部分)?第[ \t]*(?P<para>\d{1,3}(?:\([a-z]\))?)[ \t]*段"
    r"|第[ \t]*(?P<page>\d{1,4})[ \t]*页"
    r"|附件(?P<annex>[一二三四五六七八九十]{0,3})"
)
PINPOINT = re.compile(
    r"[ \t]*(?:\]\(#?[^)\s]{0,40}\))?[ \t]*[)）]?[ \t]*(?:号文件)?[ \t]*[，,]?[ \t]*"
    r"(?P<pin>(?:(?:" + _PINPOINT_PART + r")[ \t]*[，,]?[ \t]*)+)"
)
#: One part of a pinpoint.
PINPOINT_PART = re.compile(_PINPOINT_PART)
#: Date and title stated right before a citation:
#: ``2010 年 10 月 22 日题为“非法制造和贩运枪支及其零部件和弹药”的第 5/4 号决议``.
#: Anchored at the end of a bounded window that stops where the citation starts.
TITLE_DATE_BEFORE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)[ \t]*年[ \t]*(?P<m>\d{1,2})[ \t]*月[ \t]*(?P<d>\d{1,2})[ \t]*日[ \t]*(?:的[ \t]*)?)?"
    r"(?:题为[ \t]*[“\"](?P<title>[^“”\"\n]{1,300})[”\"][ \t]*的[ \t]*)?$"
)
#: A title in book-title marks right before a parenthesised symbol:
#: ``《联合国小武器…大会的报告，2001 年 7 月 9 日至 20 日，纽约》（A/CONF.192/15）``.
TITLE_BEFORE_SYMBOL = re.compile(r"《(?P<title>[^《》\n]{1,200})》[ \t]*[（(][ \t]*\[?$")
#: Quoted titles, masked before looking for a body name (a title may name other bodies).
QUOTED = re.compile(r"“[^“”\n]{0,300}”|《[^《》\n]{0,200}》")

#: Chinese numerals for chapter pinpoints.
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def chinese_number(text: str) -> int:
    """``五十一`` -> 51, ``十二`` -> 12, ``一百零五`` -> 105, ``四`` -> 4 (0 for anything else)."""
    value = 0
    hundreds, sep, rest = text.partition("百")
    if sep:
        value, text = CHINESE_DIGITS.get(hundreds, 1) * 100, rest.lstrip("零")
    if "十" in text:
        tens, _, units = text.partition("十")
        return value + (CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + CHINESE_DIGITS.get(units, 0)
    return value + CHINESE_DIGITS.get(text, 0)

# --- bodies --------------------------------------------------------------------------------------

#: Issuing bodies by name, longest first (``缔约国会议`` is the Conference of the States Parties to the
#: Convention against Corruption, COSP, whose resolutions are numbered like the COP's: ``第10/6号决议``). ``大会`` only when it stands alone (``注意到大会``), not as
#: the end of another assembly (``美洲组织大会``, ``…问题大会的报告``): see ``OTHER_ASSEMBLY_END``.
BODY_NAMES = (
    ("预防犯罪和刑事司法委员会", "CCPCJ"), ("经济及社会理事会", "ECOSOC"), ("麻醉药品委员会", "CND"),
    ("预防犯罪委员会", "CCPCJ"), ("安全理事会", "SC"), ("经社理事会", "ECOSOC"), ("人权理事会", "HRC"),
    ("缔约方会议", "COP"), ("缔约国会议", "COSP"), ("麻委会", "CND"),
    ("联合国大会", "GA"), ("安理会", "SC"), ("大会", "GA"),
    ("Commission on Crime Prevention and Criminal Justice", "CCPCJ"), ("Economic and Social Council", "ECOSOC"),
    ("Commission on Narcotic Drugs", "CND"), ("Security Council", "SC"), ("Human Rights Council", "HRC"),
    ("Conference of the Parties", "COP"), ("Conference of the States Parties", "COSP"), ("General Assembly", "GA"),
)
#: Short back-references to a body just named, and the bodies each may stand for: ``理事会`` after
#: ``经济及社会理事会`` is ECOSOC, ``委员会`` after ``麻醉药品委员会`` is CND, "the Council" after
#: "Economic and Social Council" is ECOSOC. Resolved to the last body of its class named before it
#: (in the paragraph, else carried from earlier paragraphs), else the document's own body.
BACK_REFERENCES = (
    ("理事会", ("SC", "ECOSOC", "HRC")), ("委员会", ("CND", "CCPCJ")),
    ("Council", ("SC", "ECOSOC", "HRC")), ("Commission", ("CND", "CCPCJ")),
    ("Assembly", ("GA",)), ("Conference", ("COP", "COSP")),
)
#: The bodies each back-reference may stand for.
BACK_REFERENCE_OF = dict(BACK_REFERENCES)
#: Any body name or back-reference. Full names come first and a scan finds the leftmost match, so
#: ``安全理事会`` is read whole, never as its tail ``理事会``.
BODY = re.compile("|".join(re.escape(name) for name, _ in BODY_NAMES)
                  + "|" + "|".join(re.escape(name) for name, _ in BACK_REFERENCES))
#: The body of each name.
BODY_OF = dict(BODY_NAMES)
#: Characters after which ``理事会``/``委员会``/``大会`` stand alone: a clause start, a verb, particle or
#: connector (``注意到大会``, ``回顾大会``, ``回应了大会``, ``向大会``, ``和大会``, ``该理事会``, ``请委员会``).
#: After anything else ``理事会``/``委员会`` end another body's name (``欧洲理事会``, ``非洲联盟委员会``).
STANDALONE_BEFORE = frozenset(
    " \t\n（(，,、；;：:。到顾申迎据见照及和与在经由即如向交致届该本了请对给供将被为使以于自从把过也还又并均已行"
)
#: (``行``: ``执行理事会第 71/9 号决议`` is "implementing the Council's resolution 71/9" far more often than
#: an Executive Board's.)
#: Last characters of the names of other assemblies, after which ``大会`` is not the General Assembly:
#: ``美洲组织大会``, ``非洲联盟大会``, ``原子能机构大会``, ``…问题大会``, ``缔约国大会``, ``世界卫生大会``.
OTHER_ASSEMBLY_END = frozenset("织盟构题国生洲际体方")
#: A paragraph number or enumeration glued right before a body name: ``3.大会在其…``, ``4．大会``
#: (normalised to ``.``), ``(b)大会``, ``二、大会``. Searched at the end of a short window before the name.
ENUMERATION_BEFORE = re.compile(r"(?:^|[^0-9A-Za-z.])(?:\d{1,3}\.|[(（][a-z]{1,4}[)）]|[一二三四五六七八九十]{1,3}、)[ \t]*$")
#: A number's shape decides which bodies may have issued it; an impossible pair is refused:
#: ``2370 (2017)`` only the Security Council; ``2200 A (XXI)`` the GA (ECOSOC of the same era);
#: ``2011/23`` (a year first) ECOSOC or a commission/council that numbers by year, never the GA or
#: the COP; ``70/1`` (a session first) never the Security Council or ECOSOC.
BODIES_OF_SHAPE = {
    "sc": ("SC",),
    "roman": ("GA", "ECOSOC"),
    "year": ("ECOSOC", "CCPCJ", "CND", "HRC"),
    "session": ("GA", "COP", "COSP", "CND", "CCPCJ", "HRC"),
    "special": ("GA",),
}
#: The body a shape implies when nothing in the text names one: a ``(year)`` is the Security
#: Council's, a Roman session the General Assembly's.
DEFAULT_BODY_OF_SHAPE = {"sc": "SC", "roman": "GA", "special": "GA"}
#: The shape of a cleaned number: ``2370 (2017)`` sc, ``987 (X)`` roman, ``2011/23`` year, else session.
SHAPE_SC = re.compile(r"\d+ \((?:19|20)\d\d\)")
SHAPE_YEAR = re.compile(r"(?:19|20)\d\d/")

#: Bodies whose own documents make a bare ``第 5/4 号决议`` theirs, by symbol prefix, first match wins:
#: a report ``A/88/172`` is the General Assembly's, ``E/2031/30`` ECOSOC's, ``S/2031/512`` the Security
#: Council's (a number of the wrong shape for that body is still refused); a conference document
#: ``A/CONF.192/15`` belongs to no body of ours (None).
BODY_BY_SYMBOL_PREFIX = (
    ("CTOC/COP", "COP"), ("CAC/COSP", "COSP"), ("A/RES", "GA"), ("S/RES", "SC"), ("E/RES", "ECOSOC"), ("E/CN.7", "CND"),
    ("E/CN.15", "CCPCJ"), ("A/HRC", "HRC"), ("A/CONF", None), ("A/", "GA"), ("E/", "ECOSOC"), ("S/", "SC"),
)
#: The acting body of a resolution: its name, a comma, then the end of the line or the first
#: preambular verb (flattened text glues it between title and preamble):
#: ``经济及社会理事会，`` / ``…有关的犯罪经济及社会理事会，回顾大会…`` / ``The Commission on Narcotic Drugs,``.
#: It is the document's body when the document record names none (``其``/"its" numbers are its own).
ACTING_BODY = re.compile(
    r"(?:The[ \t]+)?(?P<name>" + "|".join(re.escape(name) for name, _ in BODY_NAMES) + r")[ \t]*[，,][ \t]*"
    r"(?:$|\n|(?=(?:又|还|并)?(?:回顾|重申|注意到|欢迎|确认|认识到|铭记|深为|深感|关切|考虑到|意识到|强调|申明|表示|"
    r"Recalling|Reaffirming|Noting|Taking|Welcoming|Recognizing|Bearing|Mindful|Concerned|Emphasizing)))"
)

# --- short forms ---------------------------------------------------------------------------------

#: A resolution or decision named by reference to one cited before: ``同一决议``, ``该决议``,
#: ``上述决议``, ``这项决议``, ``这一决议``, ``该决定``. Not ``该决议草案`` (a draft).
SHORT_FORM = re.compile(r"(?:同一|该|上述|这项|这一|此项)[ \t]*(?P<kind>决议|决定)(?!草案)")
#: ``同上`` (ibid.) in a footnote: at the start, after the footnote mark, before punctuation or a
#: pinpoint: ``²⁴ 同上。``, ``同上，第 5 段``; English ``Ibid.``.
IBID = re.compile(r"(?:(?<=^)|(?<=[\s\d¹²³⁴⁵⁶⁷⁸⁹⁰*/]))(?:同上|Ibid\.?)(?=[。，,；;.\s]|$)")
#: Sentence ends, for sentence-local context (verbs, instruments, meetings).
SENTENCE_END = re.compile(r"[。；;！？!?]")
#: Clause ends, for the body named "in the same clause" as a resolution number (on the masked text,
#: so commas inside quoted titles do not count).
CLAUSE_END = re.compile(r"[，,；;。：:\n]")
#: Superscript footnote marks and GA-style ``1/`` marks, skipped when looking right before a reference.
FOOTNOTE_MARK = re.compile(r"(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}/)[ \t]*$")


# --- moved here from the resolvers: every regex of the extractor lives in this module ---------------

#: What may stand between two items of one list of resolutions for the second to inherit the first's
#: body: connectors, dates, masked titles. ``第 7/1 号决议和 2008 年 10 月 17 日第 4/6 号决定``.
LIST_GAP = re.compile(r"(?:[\s、，,和及以与的□“”年月日题为\d第号]|and)*")

#: A capitalised word right before an English back-reference: ``World Health Assembly`` names
#: another body; ``Recalling Council resolution`` (a verb in -ing) and ``Also`` do not.
WORD_BEFORE = re.compile(r"\b([A-Z][a-z]+)[ \t]+$")

#: A symbol followed by the recommendations it contains: ``X 所载的建议``, ``X 中的建议``, ``X 号文件所载建议``.
RECOMMENDATIONS_AFTER_SYMBOL = re.compile(r"[）)\]\s]*(?:号文件)?(?:所载的?|中的|提出的)建议")

#: What may stand between a recommendation number and the bracketed symbol of its report:
#: ``建议 23（见 CTOC/COP/WG.6/2017/4）``, ``recommendation 7 of its previous meeting (see CTOC/…)``.
BRACKET_AFTER_RECOMMENDATION = re.compile(
    r"[ \t]*(?:of (?:its|the) (?:previous|last) meeting[ \t]*)?[（(][ \t]*(?:见|see)?[ \t]*\[?"
)
#: The year inside a report symbol, to tell an earlier meeting's report: ``CTOC/COP/WG.6/2017/4`` -> 2017.
YEAR_IN_SYMBOL = re.compile(r"/((?:19|20)\d\d)/")
#: The instrument named after an English article: ``article 13(1) of the Firearms Protocol``.
INSTRUMENT_EN_AFTER = re.compile(r"[ \t]*,?[ \t]*of the[ \t]+(" + INSTRUMENT_EN.pattern + ")")
#: A governing verb or a bracket (brackets tell which verbs sit in a parenthetical that closes early):
#: ``根据…（见 X）…（建议 23）``.
VERB_OR_BRACKET = re.compile(r"（|\(|\)|）|" + VERB.pattern)
