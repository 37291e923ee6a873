"""Paragraph roles: recommendation, mandate, follow-up (DESIGN.md, Ingestion 6).

A paragraph may carry several roles (``Paragraph.roles``, in the order of ``records.ROLES``).

recommendation
    *Formal*: a paragraph under a recommendations heading. Under a heading that is only about
    recommendations ("A. 建议", "工作组通过的建议", "提请缔约方会议注意的建议"), every paragraph is one;
    under a mixed heading ("五. 结论和建议") and its sub-headings, a paragraph is one when it says who
    should do something (an addressee followed by 应/不妨/应当/宜 …, or opens with 建议).
    *Reported*: "工作组…建议…" with 建议 used as a verb (工作组还建议，…; not 工作组提出的建议 6).
mandate
    An operative paragraph of a resolution or decision (kind ``operative``; or a numbered paragraph of
    a document whose type is resolution/decision) with a clause that opens with a mandate verb
    (请, 又请, 还请, 吁请, 促请, 敦促, 鼓励, 邀请, 决定, 建议, 要求, 呼吁, 授权, 责成 …), at the start of
    the paragraph or after a comma/semicolon (", 并请缔约国…").
followup
    A paragraph (not a heading, not a preambular/operative paragraph: those give mandates, they do
    not report) that reports action on a cited resolution, decision or recommendation: a citation of
    one with relation ``pursuant_to``/``in_accordance_with``, or a cue (根据, 按照, 依照, 为落实, 为执行 …)
    before such a citation in the same clause, or a cue followed in the same clause by 决议/决定/建议
    (which also covers documents processed without the citation extractor) ("按照第 6/2 号决议的要求", "根据工作组的建议").

``addressee`` is a canonical string from the ``[addressees]`` table of corpus/aliases.toml (缔约国,
会员国, 各国, 缔约方会议, 毒品和犯罪问题办公室, 秘书处, 工作组 …): the first addressee phrase of the
mandate clause (up to the next comma/semicolon) or, for a recommendation, of the sentence after
建议 (reported) or of the paragraph (formal). A mandate is the paragraph's FIRST mandate clause.
"决定" takes an addressee only when one is named with 应/将 in its clause ("决定工作组应…");
otherwise it stays None: the resolution's own body is implied, and we do not guess.

``verb`` is the mandate verb (又/还 kept, as in 又请/还请; adverbs 并/再次/酌情/进一步 dropped); for an
operative paragraph without a mandate clause, its leading verb when it is a known one (欢迎, 承认 …).
For a recommendation: the verb the group recommends with (建议, 还建议, 鼓励, 请 … after 工作组 in a
reported one), 建议 when the paragraph opens with it, else the discussion cue (不妨考虑, 不妨讨论, 可审议 …)
or the modal after its addressee (应, 宜 …).

Each recommendation paragraph also has a *kind* (``recommendation_kinds``, read by graphs/ when the
registry is built; not stored): *adopted* (under a recommendations heading of a working group's own
report), *reported* (a later document saying the group recommended it: 工作组…建议/鼓励…), *proposed*
(a Secretariat point for discussion, 工作组不妨考虑/不妨讨论/可审议 …, or the conclusions and
recommendations of a background paper). A paragraph with a discussion cue is never *adopted*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.aliases import load_aliases
from ingest.records import ROLES, Citation, Document, Paragraph

#: The printed number or enumerator a paragraph text opens with: "85. ", "1．", "(a) ", "一、".
LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.．]|[（(][a-z0-9]{1,3}[)）]|[一二三四五六七八九十]+[、.．])\s*")
#: A mandate clause: clause start, adverbs, the verb. Real example (resolution 11/6, para. 1):
#: "…第九次会议，并请缔约国酌情考虑…" -> verb 请. "请(?!求)" keeps 请求国 (requesting States) out.
MANDATE_CLAUSE = re.compile(
    r"(?:^|[，；。;,:：]\s*)(?:并|同时|也|亦|再次|进一步|强烈|大力|酌情|特别是?|因此|为此)*"
    r"(?P<verb>(?:又|还)?(?:吁请|促请|敦促|鼓励|邀请|决定|建议|要求|呼吁|授权|责成|指示|请(?!求)))"
)
#: The leading verb of a non-mandate operative paragraph. Example: "1. 欢迎枪支问题工作组…" -> 欢迎.
LEADING_VERB = re.compile(
    r"^(?:又|还|并|再次|也)?(?:欢迎|承认|赞赏地注意到|注意到|强调|重申|确认|认识到|赞赏|表示赞赏|"
    r"回顾|宣布|核可|通过|批准|谴责|关切地注意到|深表关切|敦促)"
)
#: Where a clause ends (the addressee of a mandate is looked for up to here).
CLAUSE_END = re.compile(r"[，；。;,]")
#: Where a sentence ends.
SENTENCE_END = re.compile(r"[。；;]")
#: "X 应/不妨 …": the normative modal after an addressee in a conclusions section.
#: Example (CTOC/COP/WG.6/2014/2, para. 88): "毒品和犯罪问题办公室应通过立法和技术援助…".
MODAL_AFTER_ADDRESSEE = re.compile(r"[^。；，]{0,8}?(?:应当|应该|不妨|应|宜|可考虑|需要)")
#: A paragraph that opens with 建议: "建议各缔约国不妨㈠考虑…" (CTOC/COP/WG.6/2014/2, para. 85).
OPENS_WITH_RECOMMEND = re.compile(r"^建议")
#: 建议 as a verb with the working group as subject. Example: "工作组在其第一次会议的报告中建议，
#: 缔约方会议应…"; "工作组还建议，除其他外，各国应…". Not a noun: 提出的建议, 相关建议, 这些建议,
#: 提供建议, 建议 6 (a numbered recommendation), 建议和拟议活动.
REPORTED_RECOMMENDATION = re.compile(
    r"工作组[^。；]{0,40}?(?<![提供出列些项之其的和与及关该此条议])建议(?![和与及的中书]|\s*\d)"
)
#: A Secretariat point for discussion: ``工作组不妨考虑…``, ``工作组还不妨讨论…``, ``工作组不妨审议以下…``,
#: ``各缔约国不妨㈠考虑…``, ``可审议``, ``可考虑``. (似宜 is left out: reported recommendations say
#: ``建议缔约方会议似宜促请…``, and the reported test runs first anyway.)
DISCUSSION_CUE = re.compile(r"不妨\s*(?:[㈠㈡㈢(（][^)）]{0,3}[)）]?)?\s*(?:考虑|讨论|审议|审查)?|可(?:审议|考虑|讨论)")
#: The verb of a reported recommendation, looked for from 工作组 on: ``工作组还建议，…`` -> 还建议,
#: ``工作组…通过了…若干建议，其中鼓励各国…`` -> 鼓励 (建议 as a noun, after 若干/这些/提出的 …, is skipped).
RECOMMENDING_VERB = re.compile(
    r"(?<![提供出列些项之其的和与及关该此条议干])(?:又|还|并)?(?:建议|鼓励|促请|吁请|敦促|邀请|请(?!求))(?![和与及的中书]|\s*\d)"
)
#: The modal after the addressee of a formal recommendation: ``毒品和犯罪问题办公室应…`` -> 应.
MODAL = re.compile(r"应当|应该|应|宜|需要")
#: Kinds of recommendation (see the module docstring); registries list adopted and reported by default.
RECOMMENDATION_KINDS = ("adopted", "reported", "proposed")
#: Document types that are a working group's own report.
_REPORT_TYPES = frozenset({"report"})
#: A heading about recommendations only: "建议", "A. 建议", "工作组通过的建议", "提请…注意的建议".
PURE_RECOMMENDATION_HEADING = re.compile(r"^(?:[^，。]{0,40}的)?(?:各项)?建议(?:清单|摘要)?$")
#: A mixed heading: "五. 结论和建议", "结论与建议", "意见和建议".
MIXED_RECOMMENDATION_HEADING = re.compile(r"(?:结论|意见|调查结果)[和与及、]建议|建议[和与及]结论")
#: Heading enumerators and their level: 一. (chapter) 1, A. 2, 1. 3, (a) 4.
HEADING_LEVELS = (
    (re.compile(r"^(?:第[一二三四五六七八九十]+章|[一二三四五六七八九十]+[.、．])\s*"), 1),
    (re.compile(r"^[A-Z][.．]\s*"), 2),
    (re.compile(r"^\d{1,2}[.．](?!\d)\s*"), 3),
    (re.compile(r"^(?:[（(][a-z][)）]|[a-z][.)])\s*"), 4),
)
#: Markdown residue around a heading ("## 建议", "**建议**").
_MARKUP = re.compile(r"[#*_]+")
#: Cues of action taken on a cited resolution/recommendation: "根据缔约方会议第 8/3 号决议，…",
#: "按照第 6/2 号决议的要求", "为落实工作组的建议".
FOLLOWUP_CUE = re.compile(r"根据|按照|依照|依据|遵照|为落实|为执行|为响应|为贯彻|应[^。；，]{0,20}要求")
#: Without citations: a cue and, in the same clause, what it acts on.
FOLLOWUP_TEXT = re.compile(
    r"(?:根据|按照|依照|依据|遵照|为落实|为执行|为响应|为贯彻)[^。；，]{0,40}?(?:决议|决定|建议)(?![和与及])"
)
#: Citation relations that mean "acting on it".
FOLLOWUP_RELATIONS = frozenset({"pursuant_to", "in_accordance_with"})
#: Citation kinds a follow-up acts on.
FOLLOWUP_KINDS = frozenset({"resolution", "decision", "recommendation"})
#: Kinds that are not follow-up (headings; preambular and operative paragraphs mandate, not report).
_NOT_FOLLOWUP_KINDS = frozenset({"heading", "preamble", "operative"})
#: Document types whose numbered paragraphs are operative paragraphs.
_DECIDING_TYPES = frozenset({"resolution", "decision"})


@dataclass(frozen=True)
class _Heading:
    level: int
    numbered: bool
    pure: bool
    mixed: bool


def assign_roles(document: Document) -> Document:
    """The document with ``roles``, ``addressee`` and ``verb`` set on every paragraph."""
    deciding = (document.doc_type or "") in _DECIDING_TYPES or document.id.startswith(
        ("resolution:", "decision:"))
    out, stack = [], []
    for paragraph in document.paragraphs:
        if paragraph.kind == "heading":
            stack = _push_heading(stack, paragraph.text)
            out.append(_set(paragraph, (), None, None))
            continue
        out.append(_with_roles(paragraph, stack, deciding))
    return document.with_paragraphs(tuple(out))


def _with_roles(paragraph: Paragraph, stack: list[_Heading], deciding: bool) -> Paragraph:
    """One paragraph's roles, addressee and verb (see the module docstring)."""
    body = LEADING_NUMBER.sub("", paragraph.text, count=1)
    roles: list[str] = []
    addressee = verb = None
    operative = paragraph.kind == "operative" or (deciding and paragraph.kind == "numbered")
    if operative:
        verb, addressee, is_mandate = _mandate(body)
        if is_mandate:
            roles.append("mandate")
    elif paragraph.kind != "footnote":
        found, rec_addressee = _recommendation(body, stack)
        if found:
            roles.append("recommendation")
            addressee = rec_addressee
            verb = recommendation_verb(body)
    if paragraph.kind not in _NOT_FOLLOWUP_KINDS and _is_followup(body, paragraph):
        roles.append("followup")
    ordered = tuple(r for r in ROLES if r in roles)
    return _set(paragraph, ordered, addressee, verb)


def _set(paragraph: Paragraph, roles: tuple[str, ...], addressee: str | None, verb: str | None) -> Paragraph:
    """The paragraph with these roles, addressee and verb (itself when it has them already: most
    paragraphs have none, and a copy per paragraph is most of this stage's time)."""
    if paragraph.roles == roles and paragraph.addressee == addressee and paragraph.verb == verb:
        return paragraph
    return replace(paragraph, roles=roles, addressee=addressee, verb=verb)


# --------------------------------------------------------------------------- headings

def _push_heading(stack: list[_Heading], text: str) -> list[_Heading]:
    """The heading stack after ``text``: numbered headings pop to their level; an unnumbered heading
    replaces an unnumbered one on top, else nests under the top."""
    core = _MARKUP.sub("", text).strip()
    level, numbered = 0, False
    for pattern, lvl in HEADING_LEVELS:
        match = pattern.match(core)
        if match:
            level, numbered, core = lvl, True, core[match.end():].strip()
            break
    if not numbered:
        if stack and not stack[-1].numbered:
            stack = stack[:-1]
        level = stack[-1].level + 1 if stack else 1
    pure = bool(PURE_RECOMMENDATION_HEADING.match(core)) and "结论" not in core
    mixed = bool(MIXED_RECOMMENDATION_HEADING.search(core))
    return [h for h in stack if h.level < level] + [_Heading(level, numbered, pure, mixed)]


# --------------------------------------------------------------------------- recommendation

def _recommendation(body: str, stack: list[_Heading]) -> tuple[bool, str | None]:
    """(is a recommendation, addressee) for a non-operative paragraph under ``stack``."""
    if any(h.pure for h in stack):
        return True, find_addressee(body)
    if any(h.mixed for h in stack):
        if OPENS_WITH_RECOMMEND.match(body):
            return True, find_addressee(body)
        normative = _normative_addressee(body)
        if normative:
            return True, normative
    match = REPORTED_RECOMMENDATION.search(body)
    if match:
        end = SENTENCE_END.search(body, match.end())
        return True, find_addressee(body, match.end(), end.start() if end else len(body))
    return False, None


def recommendation_verb(body: str) -> str | None:
    """The verb of a recommendation (module docstring): reported verb, opening 建议, discussion cue,
    or the modal after the addressee."""
    reported = REPORTED_RECOMMENDATION.search(body)
    if reported:
        end = SENTENCE_END.search(body, reported.start())
        found = RECOMMENDING_VERB.search(body, reported.start(), end.start() if end else len(body))
        if found:
            return found.group(0).removeprefix("并")
    if OPENS_WITH_RECOMMEND.match(body):
        return "建议"
    cue = DISCUSSION_CUE.search(body)
    if cue:
        return re.sub(r"[㈠㈡㈢(（][^)）]{0,3}[)）]?|\s+", "", cue.group(0))
    for match in _addressee_pattern().finditer(body):
        modal = MODAL_AFTER_ADDRESSEE.match(body, match.end())
        if modal:
            found = MODAL.search(modal.group(0))
            return found.group(0) if found else None
    return None


def recommendation_kinds(document: Document) -> dict[str, str]:
    """The kind (adopted / reported / proposed) of every recommendation paragraph, by key."""
    own_report = (document.doc_type or "") in _REPORT_TYPES
    kinds: dict[str, str] = {}
    stack: list[_Heading] = []
    for paragraph in document.paragraphs:
        if paragraph.kind == "heading":
            stack = _push_heading(stack, paragraph.text)
            continue
        if "recommendation" not in paragraph.roles:
            continue
        body = LEADING_NUMBER.sub("", paragraph.text, count=1)
        formal = any(h.pure or h.mixed for h in stack)
        if REPORTED_RECOMMENDATION.search(body) and not (own_report and formal):
            kinds[paragraph.key] = "reported"
        elif DISCUSSION_CUE.search(body) or not (own_report and formal):
            kinds[paragraph.key] = "proposed"
        else:
            kinds[paragraph.key] = "adopted"
    return kinds


def _normative_addressee(body: str) -> str | None:
    """The first addressee followed by a normative modal ("X 应 …", "X 不妨 …"), or None."""
    for match in _addressee_pattern().finditer(body):
        if MODAL_AFTER_ADDRESSEE.match(body, match.end()):
            return load_aliases().addressees[match.group(0)]
    return None


# --------------------------------------------------------------------------- mandate

def _mandate(body: str) -> tuple[str | None, str | None, bool]:
    """(verb, addressee, is a mandate) of an operative paragraph's text (number stripped)."""
    match = MANDATE_CLAUSE.search(body)
    if match is None:
        leading = LEADING_VERB.match(body)
        return (leading.group(0) if leading else None), None, False
    verb = match.group("verb")
    end = CLAUSE_END.search(body, match.end())
    stop = end.start() if end else len(body)
    if verb.endswith("决定"):
        return verb, _decided_addressee(body, match.end(), stop), True
    return verb, find_addressee(body, match.end(), stop), True


def _decided_addressee(body: str, start: int, stop: int) -> str | None:
    """The addressee a 决定 names with 应/将 in its clause ("决定工作组应…"), else None."""
    for match in _addressee_pattern().finditer(body, start, stop):
        if re.match(r"(?:还|也|今后)?(?:应|将)", body[match.end():stop]):
            return load_aliases().addressees[match.group(0)]
    return None


# --------------------------------------------------------------------------- addressee

@lru_cache(maxsize=1)
def _addressee_pattern() -> re.Pattern[str]:
    """Every addressee phrase, longest first so that the longest wins at a position."""
    phrases = sorted(load_aliases().addressees, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases))


def find_addressee(text: str, start: int = 0, stop: int | None = None) -> str | None:
    """The canonical addressee of the first addressee phrase in ``text[start:stop]``, or None.

    >>> find_addressee("请联合国毒品和犯罪问题办公室继续协助缔约国")
    '毒品和犯罪问题办公室'
    """
    match = _addressee_pattern().search(text, start, len(text) if stop is None else stop)
    return load_aliases().addressees[match.group(0)] if match else None


# --------------------------------------------------------------------------- follow-up

def _is_followup(body: str, paragraph: Paragraph) -> bool:
    """True when the paragraph reports action on a cited resolution/decision/recommendation."""
    acted_on = [c for c in paragraph.citations if c.kind in FOLLOWUP_KINDS]
    if any(c.relation in FOLLOWUP_RELATIONS for c in acted_on):
        return True
    if any(_cue_before(paragraph.text, c) for c in acted_on):
        return True
    return bool(FOLLOWUP_TEXT.search(body))


def _cue_before(text: str, citation: Citation) -> bool:
    """A follow-up cue between the clause start and the citation ("根据…第 8/3 号决议")."""
    clause_start = max(text.rfind(ch, 0, citation.start) for ch in "。；;，,") + 1
    window = text[max(clause_start, citation.start - 40):citation.start]
    return bool(FOLLOWUP_CUE.search(window))
