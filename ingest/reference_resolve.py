"""Resolvers of the citation extractor: what the text leaves implicit, decided from context.

- the issuing body of a bare ``第 5/4 号决议`` (a body named in the same clause, the previous item of
  the same list, a Security Council ``(year)``, or the document's own body);
- the report a numbered recommendation belongs to (a symbol cited in the same sentence; else, for
  "the last meeting" or no meeting named, the one report the document has tied to recommendations);
- the instrument of an article (named right before it, else in its sentence, else the topic of the
  previous sentence or paragraph);
- the antecedent of ``同一决议``/``该决议`` and of ``同上``.

Every resolver answers "unknown" (``resolved=False``, ``?`` in the target) unless exactly one
candidate fits: a wrong target is a false lead in the lineage graph, an unknown one is only a gap.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ingest import reference_patterns as P
from ingest.aliases import load_aliases
from ingest.meeting_refs import document_group, meeting_recommendation
from ingest.records import Citation, Document

if TYPE_CHECKING:  # the paragraph type lives with the extractor; only its attributes are used here
    from ingest.references import _Text

#: Bodies a canonical id may name (DESIGN.md, Canonical ids).
BODIES = ("COP", "COSP", "GA", "SC", "ECOSOC", "CND", "CCPCJ", "HRC")


@dataclass
class Mention:
    """A reference found by a pattern, before it becomes a Citation.

    ``number`` is the resolution/decision/recommendation number or the article (``13(1)``);
    ``symbol`` the normalised document symbol; ``body`` a body fixed by the form itself (``S/RES/…``);
    ``in_list`` marks items after the first of a list; ``short`` a short form (``该决议``, ``同上``).
    A recogniser that names the target itself (a meeting-named recommendation) sets ``target``.
    """

    kind: str
    start: int
    end: int
    number: str = ""
    symbol: str = ""
    body: str | None = None
    in_list: bool = False
    short: bool = False
    priority: int = 9
    group_end: int = 0  # end of the whole list a list item belongs to (``建议 6 和 18（见 X）``)
    item_after: int = 0  # for a list item: where the item before it ends (its own date/title lie between)
    target: str | None = None  # set by a recogniser that knows the target outright (no resolver runs)
    resolved: bool = True  # with ``target``: whether that target is settled


@dataclass
class CitationContext:
    """What earlier paragraphs of a document established, for the resolvers of later ones.

    ``find_citations`` reads it and updates it in place; ``cite_document`` makes one per document and
    calls ``start_paragraph`` before each paragraph.
    """

    body_hint: str | None = None
    own_targets: frozenset[str] = frozenset()
    year: int | None = None
    own_symbol: str = ""
    own_kind: str = ""  # ``resolution``/``decision`` when the document is one (its ``这一决定`` is itself)
    is_footnote: bool = False
    current: list[Citation] = field(default_factory=list)
    current_targets: dict[str, dict[str, None]] = field(default_factory=dict)
    current_documents: list[Citation] = field(default_factory=list)
    previous_body: list[Citation] = field(default_factory=list)
    previous_footnote: list[Citation] | None = None
    recommendation_sources: list[str] = field(default_factory=list)
    instrument: str | None = None
    paragraph_instrument: str | None = None
    last_instrument: str | None = None  # the last instrument named in the document's body text
    recent_bodies: list[str] = field(default_factory=list)  # bodies named or cited, most recent last
    previous_bodies: list[str] = field(default_factory=list)  # bodies the previous paragraph named
    previous_latin: bool | None = None  # whether the previous paragraph was mostly Latin (its twin is not)
    group: str | None = None  # the working group of the document (meeting-based recommendation ids)

    @classmethod
    def for_document(cls, doc: Document) -> CitationContext:
        """The starting context of ``doc``: its body, its own id and symbol (never citations), its year."""
        own = {doc.id}
        symbol = P.WHITESPACE.sub("", P.normalise(doc.symbol or ""))
        for part in filter(None, P.JOINT_SYMBOL.split(symbol)):
            own.add(f"document:{part}")  # a joint symbol ``E/2031/30-E/CN.15/2031/14``: both are its own
            found = P.RESOLUTION_SYMBOL.match(part)
            if found:  # a resolution symbol (``A/RES/88/112``) is cited as the resolution itself
                own.add(f"resolution:{P.RESOLUTION_SERIES[found.group('series')]} {clean_number(found.group('num'))}")
        kind = doc.id.split(":", 1)[0]
        own_kind = kind if kind in ("resolution", "decision") else (doc.doc_type or "")
        return cls(body_hint=document_body(doc), own_targets=frozenset(own), year=doc.year, own_symbol=symbol,
                   own_kind=own_kind, group=document_group(doc.body, doc.symbol, doc.meeting))

    def is_own(self, citation: Citation) -> bool:
        """Whether ``citation`` names the document being read: its id or symbol, or its own resolution
        number with the body left unknown (``第 88/12 号决议`` in resolution 88/12 with no body said)."""
        target = citation.target
        if target in self.own_targets or target.endswith(":self"):
            return True
        kind, _, rest = target.partition(":")
        if kind in ("resolution", "decision") and rest.startswith("? "):
            return any(own.startswith(f"{kind}:") and own.split(" ", 1)[-1] == rest[2:] for own in self.own_targets)
        return False

    def start_paragraph(self, *, is_footnote: bool) -> None:
        """Move on to the next paragraph (a footnote when ``is_footnote``)."""
        self.is_footnote = is_footnote
        self.current, self.current_targets, self.current_documents = [], {}, []
        self.paragraph_instrument = None

    def add(self, citation: Citation) -> None:
        """Record a citation of the paragraph being read (antecedent for later short forms)."""
        self.current.append(citation)
        if citation.kind == "document":
            self.current_documents.append(citation)
        if citation.resolved and citation.kind in ("resolution", "decision"):
            self.current_targets.setdefault(citation.kind, {})[citation.target] = None

    def remember(self, citations: list[Citation]) -> None:
        """Keep this paragraph's citations as the antecedents of the next paragraph of its kind."""
        if self.is_footnote:
            self.previous_footnote = list(citations)
        else:
            self.previous_body = list(citations)
            self.instrument = self.paragraph_instrument
            self.last_instrument = self.paragraph_instrument or self.last_instrument

    def ibid_target(self) -> tuple[str, bool] | None:
        """The target of ``同上``: the previous footnote's one target; ``document:?`` when it cited
        several; None when it cited nothing we track (a book, a web page)."""
        if not self.previous_footnote:
            return None
        targets = list(dict.fromkeys(c.target for c in self.previous_footnote))
        return (targets[0], True) if len(targets) == 1 else ("document:?", False)

    def add_recommendation_source(self, symbol: str) -> None:
        """Record ``symbol`` as a report whose recommendations this document cites."""
        if symbol not in self.recommendation_sources:
            self.recommendation_sources.append(symbol)


def running_header(t: _Text, m: Mention, ctx: CitationContext) -> bool:
    """Whether mention ``m`` is the document's own symbol with a page number glued on by a running
    header in flattened text: ``31-12409(C)E/RES/2031/192/3`` (symbol E/RES/2031/19, page 2 of 3),
    ``…管制活动。A/89/2032 6.一些国家…`` (A/89/203, page 2, standing alone between a sentence end and
    the next paragraph's number)."""
    own = ctx.own_symbol
    surface = P.WHITESPACE.sub("", t.norm[m.start:m.end])
    glued = P.PAGE_GLUED.fullmatch(surface, len(own)) if own and surface.startswith(own) else None
    if glued is None:
        return False
    if P.JOB_NUMBER_BEFORE.search(t.norm, max(0, m.start - 20), m.start) is not None:
        return True
    if glued.group("of"):
        return False
    return P.PAGE_OF_AFTER.match(t.norm, m.end) is not None \
        or ((m.start == 0 or t.norm[m.start - 1] in P.HEADER_ALONE) and P.HEADER_END.match(t.norm, m.end) is not None)


def clean_number(number: str) -> str:
    """``5 / 4`` -> ``5/4``; ``56/24V`` -> ``56/24 V``; ``2370(2017)`` -> ``2370 (2017)``;
    ``1234 B(XX)`` -> ``1234 B (XX)``; ``987（X）`` -> ``987 (X)`` (parts spaced as the UN prints them)."""
    compact = P.NUMBER_SPACES.sub("", number).replace("（", "(").replace("）", ")")
    parts = P.NUMBER_PARTS.fullmatch(compact)
    return " ".join(part for part in parts.groups() if part) if parts else compact


def document_body(doc: Document) -> str | None:
    """The body whose bare resolution numbers a document's own text uses, or None."""
    kind, _, rest = doc.id.partition(":")
    if kind in ("resolution", "decision") and rest.split(" ", 1)[0] in BODIES:
        return rest.split(" ", 1)[0]
    for value in (doc.body, doc.symbol, rest):
        value = (value or "").strip()
        if value in BODIES:
            return value
        for prefix, body in P.BODY_BY_SYMBOL_PREFIX:
            if value.startswith(prefix):
                return body
    return None


def acting_body(masked: str) -> str | None:
    """The body a resolution's acting-body line names (``经济及社会理事会，``, also glued into flattened
    text before the first preambular verb), or None."""
    for found in P.ACTING_BODY.finditer(masked):
        name = found.group("name")
        if name != "大会" or found.start("name") == 0 or masked[found.start("name") - 1] not in P.OTHER_ASSEMBLY_END:
            return P.BODY_OF[name]
    return None


# --- bodies --------------------------------------------------------------------------------------


#: A body mark: (start, end, body) of a body name or back-reference in a paragraph's masked text;
#: body None where the name is one we do not know (``美洲组织大会``, ``欧洲理事会``) or a back-reference
#: nothing before it settles.
BodyMark = tuple[int, int, "str | None"]


def scan_bodies(t: _Text, ctx: CitationContext) -> list[BodyMark]:
    """Every body named in a paragraph (on ``t.masked``: quoted titles blanked). A back-reference
    (``理事会``, "the Council") is the last body of its class named before it in the paragraph; else,
    in the twin line of a bilingual text, the last one its twin named; else the document's own body;
    else the last one carried from earlier paragraphs; else unknown (None)."""
    masked = t.masked
    marks: list[BodyMark] = []
    local: list[str] = []
    twin = ctx.previous_bodies if ctx.previous_latin is not None and ctx.previous_latin != t.latin else []
    for b in P.BODY.finditer(masked):
        name = b.group(0)
        body: str | None
        if name in P.BACK_REFERENCE_OF:
            body = _back_reference(masked, b.start(), name, (local, twin), ctx) if _standalone(masked, b.start(), name) \
                else None
        elif name == "大会" and b.start() > 0 and masked[b.start() - 1] in P.OTHER_ASSEMBLY_END:
            body = None
        else:
            body = P.BODY_OF[name]
        marks.append((b.start(), b.end(), body))
        if body is not None:
            local.append(body)
    return marks


def _back_reference(masked: str, start: int, name: str, named: tuple[list[str], list[str]],
                    ctx: CitationContext) -> str | None:
    """The body a standalone back-reference stands for (see ``scan_bodies``), or None."""
    allowed = P.BACK_REFERENCE_OF[name]
    local, twin = named
    for candidates in (local, twin, [ctx.body_hint] if ctx.body_hint else [], ctx.recent_bodies):
        body = next((x for x in reversed(candidates) if x in allowed), None)
        if body is not None:
            return body
    return None




def _standalone(masked: str, start: int, name: str) -> bool:
    """Whether ``理事会``/``委员会``/"Council" at ``start`` stands alone (a clause start, a verb or
    connector, a paragraph number or footnote mark glued to it) rather than ending another body's name."""
    if start == 0:
        return True
    if name.isascii():
        word = P.WORD_BEFORE.search(masked, max(0, start - 30), start)
        return word is None or word.group(1).endswith("ing") or word.group(1) in ("Also", "The", "See", "And")
    before = masked[start - 1]
    if before in P.STANDALONE_BEFORE or before in "¹²³⁴⁵⁶⁷⁸⁹⁰" or before.isdigit():
        return True  # a digit: a footnote mark glued in flattened text (``…附件。2大会第 69/196 号决议``)
    return P.ENUMERATION_BEFORE.search(masked, max(0, start - 8), start) is not None


def number_shape(number: str) -> str:
    """``sc`` (``2370 (2017)``), ``roman`` (``987 (X)``), ``year`` (``2011/23``) or ``session`` (``70/1``)."""
    if number.endswith(")"):
        return "sc" if P.SHAPE_SC.fullmatch(number) else "roman"
    if number.startswith(("S-", "ES-")):
        return "special"
    return "year" if P.SHAPE_YEAR.match(number) else "session"


def body_before(t: _Text, m: Mention, ctx: CitationContext) -> str | None:
    """The issuing body of a resolution/decision number, or None when nothing says (or what the text
    says is impossible for a number of this shape). In order: the body named last in the number's
    clause (decisive, also when impossible or unknown); the previous item of the same list; the
    document's own body; the body of a possible shape named or cited last before it (in the paragraph,
    else carried from earlier ones); what the shape alone implies (a ``(year)`` is the SC's, a Roman session the GA's)."""
    shape = number_shape(m.number)
    allowed = P.BODIES_OF_SHAPE[shape]
    previous = ctx.current[-1] if ctx.current else None
    clause_start = t.clause_start(m.start, previous.end if previous else 0)
    i = bisect.bisect_left(t.body_starts, m.start) - 1
    if i >= 0 and t.body_marks[i][0] >= clause_start:
        named = t.body_marks[i][2]
        return named if named in allowed else None
    if previous and previous.kind in ("resolution", "decision") and previous.resolved:
        gap = t.masked[previous.end:m.start]
        body = previous.target.split(":", 1)[1].split(" ", 1)[0]
        if body in allowed and len(gap) < 400 and P.LIST_GAP.fullmatch(gap):
            return body
    if ctx.body_hint in allowed:
        return ctx.body_hint
    return _carried_body(t, m, ctx, i, allowed) or P.DEFAULT_BODY_OF_SHAPE.get(shape)


def _carried_body(t: _Text, m: Mention, ctx: CitationContext, mark: int, allowed: tuple[str, ...]) -> str | None:
    """The body of a shape in ``allowed`` named or cited last before ``m``: in its paragraph, else
    carried from earlier ones."""
    named = next(((start, body) for start, _, body in reversed(t.body_marks[:mark + 1]) if body in allowed),
                 (-1, None))
    cited = next(((c.start, _body_of(c)) for c in reversed(ctx.current) if c.resolved and _body_of(c) in allowed),
                 (-1, None))
    best = max(named, cited, key=lambda pair: pair[0])
    if best[1]:
        return best[1]
    return next((body for body in reversed(ctx.recent_bodies) if body in allowed), None)


def _body_of(c: Citation) -> str | None:
    """The body of a resolved resolution/decision citation (``resolution:GA 70/1`` -> ``GA``)."""
    if c.kind not in ("resolution", "decision"):
        return None
    body = c.target.split(":", 1)[1].split(" ", 1)[0]
    return body if body in BODIES else None


def note_bodies(t: _Text, citations: list[Citation], ctx: CitationContext) -> None:
    """Carry the bodies this paragraph named or cited, in order, to the next paragraphs."""
    if ctx.is_footnote:
        return
    ctx.previous_bodies = [body for _, _, body in t.body_marks if body]
    ctx.previous_latin = t.latin
    seen = [(start, body) for start, _, body in t.body_marks if body]
    seen += [(c.start, _body_of(c)) for c in citations if c.resolved and _body_of(c)]
    for _, body in sorted(seen, key=lambda pair: pair[0]):
        if body in ctx.recent_bodies:
            ctx.recent_bodies.remove(body)
        ctx.recent_bodies.append(body)


# --- recommendations -----------------------------------------------------------------------------


def resolve_recommendation(t: _Text, m: Mention, ctx: CitationContext) -> tuple[str, bool]:
    """``recommendation:<report>#<n>``: the symbol cited in the same sentence (before it, or right
    after it in brackets); else, unless the paragraph names another meeting, the document's one
    known report of recommendations; else the meeting-based id of the meeting the paragraph names
    (``ingest.meeting_refs``); else ``recommendation:?#<n>``."""
    s0 = t.sentence_start(m.start)
    symbol = _symbol_in_sentence(t, ctx.current_documents, s0) or _symbol_right_after(t, max(m.end, m.group_end))
    if symbol:
        ctx.add_recommendation_source(symbol)
        return f"recommendation:{symbol}#{m.number}", True
    before = t.norm[max(0, m.start - 400):m.start]
    by_meeting = meeting_recommendation(before, m.number, ctx.group)
    if _names_other_meeting(before):
        return (by_meeting, True) if by_meeting else (f"recommendation:?#{m.number}", False)
    sources = ctx.recommendation_sources + [s for s in _sources_so_far(t, m, ctx) if s not in ctx.recommendation_sources]
    candidates = [s for s in sources if _before_year(s, ctx.year)]
    if len(candidates) == 1:
        return f"recommendation:{candidates[0]}#{m.number}", True
    return (by_meeting, True) if by_meeting else (f"recommendation:?#{m.number}", False)


def _sources_so_far(t: _Text, m: Mention, ctx: CitationContext) -> list[str]:
    """Reports of recommendations cited in an earlier sentence of this paragraph that speaks of
    recommendations: ``…通过了若干建议（见 X）。根据建议 3，…`` (X is the report of 建议 3)."""
    s0 = t.sentence_start(m.start)
    return [c.target.split(":", 1)[1] for c in ctx.current_documents
            if c.end <= s0 and _speaks_of_recommendations(t, c.start)]


def _speaks_of_recommendations(t: _Text, pos: int) -> bool:
    """Whether the sentence holding ``pos`` mentions recommendations."""
    s0, s1 = t.sentence_start(pos), t.sentence_end(pos)
    return t.norm.find("建议", s0, s1) >= 0 or t.norm.find("ecommendation", s0, s1) >= 0


def _symbol_in_sentence(t: _Text, documents: list[Citation], s0: int) -> str | None:
    """The last document cited since ``s0`` that the text ties to recommendations (looking at the
    last five documents): ``提出的建议（见 X）``, ``会议报告 X 所载的建议``. A background paper cited
    in the same sentence for another reason is not the report of the recommendations."""
    for c in reversed(documents[-5:]):
        if c.start < s0:
            return None
        if _tied_to_recommendations(t, c):
            return c.target.split(":", 1)[1]
    return None


def _tied_to_recommendations(t: _Text, c: Citation) -> bool:
    """Whether ``建议``/``报告`` (or English) stands within a few characters of the symbol ``c``."""
    before = t.norm[max(0, c.start - 16):c.start]
    return any(w in before for w in ("建议", "报告", "ecommendation", "eport")) or \
        P.RECOMMENDATIONS_AFTER_SYMBOL.match(t.norm, c.end, min(len(t.norm), c.end + 16)) is not None






def _symbol_right_after(t: _Text, end: int) -> str | None:
    """A symbol in brackets right after a recommendation number: ``建议 23（CTOC/COP/WG.6/2017/4）``."""
    head = P.BRACKET_AFTER_RECOMMENDATION.match(t.norm, end, min(len(t.norm), end + 60))
    if not head:
        return None
    found = P.SYMBOL.match(t.norm, head.end(), min(len(t.norm), head.end() + 80))
    return P.WHITESPACE.sub("", found.group("sym")) if found else None


def _names_other_meeting(before: str) -> bool:
    """Whether the text before a recommendation names a meeting other than "the last one" last."""
    if "会议" not in before and "meeting" not in before:
        return False
    other = [m.end() for m in P.OTHER_MEETING.finditer(before)]
    last = [m.end() for m in P.LAST_MEETING.finditer(before)]
    return bool(other) and (not last or other[-1] > last[-1])


def _before_year(symbol: str, year: int | None) -> bool:
    """Whether a report ``symbol`` can be an earlier meeting's report for a document of ``year``."""
    found = P.YEAR_IN_SYMBOL.search(symbol)
    return year is None or found is None or int(found.group(1)) <= year


def note_recommendation_sources(t: _Text, citations: list[Citation], ctx: CitationContext) -> None:
    """Symbols cited in a sentence that speaks of recommendations (``提出的建议（见 X）``) become
    known reports of recommendations for the rest of the document."""
    for c in citations:
        if c.kind == "document" and _speaks_of_recommendations(t, c.start):
            ctx.add_recommendation_source(c.target.split(":", 1)[1])


# --- articles ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def instrument_names() -> dict[str, str]:
    """Every instrument name (without 《》) -> instrument id (``枪支议定书`` -> ``firearms-protocol``),
    longest name first: the INSTRUMENT entries of corpus/aliases.toml plus ``P.INSTRUMENTS``."""
    names = {name.strip("《》"): entry.id.split(":", 1)[1]
             for entry in load_aliases().entries if entry.label == "INSTRUMENT" for name in entry.names}
    names.update(P.INSTRUMENTS)
    return dict(sorted(names.items(), key=lambda item: -len(item[0])))


def instrument_id(name: str) -> str | None:
    """The instrument id of a title (``枪支议定书`` -> ``firearms-protocol``), or None if unknown."""
    name = name.strip()
    known = instrument_names().get(name)
    if known:
        return known
    if "补充议定书" in name and "枪支" in name:
        return "firearms-protocol"
    if name.endswith("有组织犯罪公约"):
        return "untoc"
    return None


def instrument_for_article(t: _Text, m: Mention, ctx: CitationContext) -> str | None:
    """The instrument whose article ``m`` is, or None when it cannot be known."""
    if t.norm[m.start] != "第":  # English ``article 13(1) of the Firearms Protocol``
        after = P.INSTRUMENT_EN_AFTER.match(t.norm, m.end, min(len(t.norm), m.end + 60))
        if after:
            return _note_instrument(ctx, instrument_id(after.group(1)))
    before = P.FOOTNOTE_MARK.sub("", t.norm[max(0, m.start - 200):m.start]).rstrip(" \t")
    if before.endswith("》"):
        title = P.INSTRUMENT_TITLE.search(before[before.rfind("《"):]) if "《" in before else None
        return _note_instrument(ctx, instrument_id(title.group("name")) if title else None)
    bare = next((name for name in instrument_names() if before.endswith(name)), None)
    if bare and not before.endswith(("本" + bare, "该" + bare, "各项" + bare)):
        return _note_instrument(ctx, instrument_names()[bare])
    generic = next((word for word in P.GENERIC_INSTRUMENTS if before.endswith(word)), None)
    if generic:
        found = _instrument_in_context(t, m, ctx) or (None if ctx.is_footnote else ctx.last_instrument)
        return _note_instrument(ctx, found) if found and _instrument_is_a(found, generic) else None
    if before and before[-1] not in P.ARTICLE_CONTEXT_BEFORE and t.norm[m.start] == "第":
        return None
    return _note_instrument(ctx, _instrument_in_context(t, m, ctx))


def _instrument_is_a(instrument: str, word: str) -> bool:
    """Whether one of the names of ``instrument`` ends with the generic ``word`` (``条约``, ``公约`` …)."""
    return any(name.endswith(word) for name, found in instrument_names().items() if found == instrument)


def _note_instrument(ctx: CitationContext, instrument: str | None) -> str | None:
    """Remember the instrument under discussion (carried to the next paragraph) and return it."""
    if instrument and not ctx.is_footnote:
        ctx.paragraph_instrument = instrument
    return instrument


def instrument_mentions(text: str) -> list[tuple[int, str | None]]:
    """Instrument mentions in ``text`` as (offset, id or None for a title we do not know), in order."""
    found = [(x.start(), instrument_id(x.group("name"))) for x in P.INSTRUMENT_TITLE.finditer(text)]
    found += [(x.start(), instrument_id(x.group(0))) for x in P.INSTRUMENT_EN.finditer(text)]
    return sorted(found)


def _instrument_in_context(t: _Text, m: Mention, ctx: CitationContext) -> str | None:
    """Nearest instrument before ``m`` in its sentence; else the first one of the closest earlier
    sentence of the paragraph that names one (within 2,000 characters); else the one carried from
    the previous paragraph."""
    s0 = t.sentence_start(m.start)
    i = bisect.bisect_left(t.instrument_starts, m.start) - 1
    if i >= 0 and t.instrument_starts[i] >= s0:
        return t.instruments[i]
    if i >= 0 and m.start - t.instrument_starts[i] < 2000:
        first = bisect.bisect_left(t.instrument_starts, t.sentence_start(t.instrument_starts[i]))
        return t.instruments[first]
    return None if ctx.is_footnote else ctx.instrument


# --- short forms ---------------------------------------------------------------------------------


def resolve_short_form(t: _Text, m: Mention, ctx: CitationContext) -> tuple[str, bool]:
    """``同一决议``/``该决议``/``上述决议``: the resolution (decision) cited in the clause just before
    (``回顾第 2031/19 号决议，理事会在该决议中…``); else the one cited earlier in the paragraph, else in
    the previous paragraph of the same kind; ``resolution:?`` unless exactly one fits."""
    def of_kind(cites: list[Citation]) -> list[str]:
        return list(dict.fromkeys(c.target for c in cites if c.kind == m.kind and c.resolved))

    last = next((c for c in reversed(ctx.current) if c.kind == m.kind), None)
    s0 = t.sentence_start(m.start)
    if last is not None and last.resolved and last.start >= s0 \
            and bisect.bisect_right(t.clause_ends, m.start) - bisect.bisect_right(t.clause_ends, last.end) <= 1:
        return last.target, True
    if last is not None and last.start < s0:  # the previous sentence cites exactly one: ``…第 87/52 号决议。大会在该决议中``
        previous = of_kind([c for c in ctx.current if t.sentence_start(c.start) == t.sentence_start(last.start)])
        if len(previous) == 1 and last.start >= t.sentence_start(max(0, s0 - 1)):
            return previous[0], True
    candidates = list(ctx.current_targets.get(m.kind, {}))
    if not candidates:
        previous = ctx.previous_footnote if ctx.is_footnote else ctx.previous_body
        candidates = of_kind(previous or [])
    if not candidates and ctx.own_kind == m.kind:  # ``委员会在作出这一决定时`` in a decision: the document itself
        return f"{m.kind}:self", False
    if len(candidates) == 1:
        return candidates[0], True
    return f"{m.kind}:?", False
