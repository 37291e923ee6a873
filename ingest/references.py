"""The citation extractor: references to resolutions, decisions, documents, recommendations, articles.

Stages, as in eyecite: **find** the mentions in one paragraph (``_find_mentions``: regexes of
``ingest.reference_patterns``), **describe** each (relation from the governing verb, pinpoint, title and
date stated before it), **resolve** what the text leaves implicit (the issuing body of a bare number,
the report a numbered recommendation belongs to, the instrument of an article, the antecedent of a
short form such as ``同上`` or ``该决议``: ``ingest.reference_resolve``). Resolvers return "unknown"
(``resolved=False``, a ``?`` in the target) rather than guess.

Public face: ``find_citations(text, body_hint=None, context=None)`` for one paragraph and
``cite_document(doc)`` for a whole document (document context: its own symbol is not a citation, its
body decides bare numbers, footnotes resolve ``同上`` against the previous footnote).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from ingest import reference_patterns as P
from ingest.records import Citation, Document, Paragraph
from ingest.reference_resolve import (
    CitationContext,
    Mention,
    acting_body,
    body_before,
    clean_number,
    instrument_for_article,
    instrument_mentions,
    note_bodies,
    note_recommendation_sources,
    resolve_recommendation,
    resolve_short_form,
    running_header,
    scan_bodies,
)

__all__ = ["CitationContext", "cite_document", "find_citations"]


@dataclass
class _Text:
    """One paragraph prepared once: the raw text, its normalised twin, a masked twin (quoted titles
    blanked, for body names), and the instrument mentions and body names with their offsets. Its
    sentence and clause ends and its governing verbs are computed when a mention first asks for
    them (most paragraphs have none), once each, so each citation looks them up by bisection:
    linear time overall."""

    raw: str
    norm: str
    masked: str
    instrument_starts: list[int] = field(default_factory=list)
    instruments: list[str | None] = field(default_factory=list)
    body_marks: list[tuple[int, int, str | None]] = field(default_factory=list)  # reference_resolve.scan_bodies
    body_starts: list[int] = field(default_factory=list)
    latin: bool = False  # mostly Latin script (the English twin of a bilingual pair)

    @classmethod
    def of(cls, text: str, ctx: CitationContext) -> _Text:
        norm = P.normalise(text)
        masked = P.QUOTED.sub(lambda m: m.group(0)[0] + "□" * (len(m.group(0)) - 2) + m.group(0)[-1], norm)
        t = cls(text, norm, masked)
        for pos, instrument in instrument_mentions(norm):
            t.instrument_starts.append(pos)
            t.instruments.append(instrument)
        if ctx.body_hint is None:
            ctx.body_hint = acting_body(masked)
        t.latin = len(text.encode("utf-8")) < 2 * len(text)  # CJK characters take 3 bytes, Latin 1
        t.body_marks = scan_bodies(t, ctx)
        t.body_starts = [start for start, _, _ in t.body_marks]
        return t

    @cached_property
    def sentence_ends(self) -> list[int]:
        """The offsets right after each sentence end."""
        return [m.end() for m in P.SENTENCE_END.finditer(self.norm)]

    @cached_property
    def clause_ends(self) -> list[int]:
        """The offsets right after each clause end outside quoted titles."""
        return [m.end() for m in P.CLAUSE_END.finditer(self.masked)]

    @property
    def verbs(self) -> list[tuple[int, int, str]]:
        """Governing verbs: (start, offset of the ``）`` closing their innermost bracket or -1, relation)."""
        return self._verb_scan[0]

    @property
    def verb_ends(self) -> list[int]:
        """Where each of :attr:`verbs` ends."""
        return self._verb_scan[1]

    @cached_property
    def _verb_scan(self) -> tuple[list[tuple[int, int, str]], list[int]]:
        verbs: list[tuple[int, int, str]] = []
        ends: list[int] = []
        open_verbs: list[list[int]] = [[]]  # verbs (indexes) per open bracket level
        for m in P.VERB_OR_BRACKET.finditer(self.masked):
            ch = m.group(0)
            if ch in "（(":
                open_verbs.append([])
            elif ch in "）)":
                if len(open_verbs) > 1:
                    for i in open_verbs.pop():
                        start, _, rel = verbs[i]
                        verbs[i] = (start, m.start(), rel)
            else:
                open_verbs[-1].append(len(verbs))
                verbs.append((m.start(), -1, _RELATION_OF.get(ch, "see")))
                ends.append(m.end())
        return verbs, ends

    def sentence_start(self, pos: int) -> int:
        """Offset where the sentence holding ``pos`` starts."""
        i = bisect.bisect_right(self.sentence_ends, pos) - 1
        return self.sentence_ends[i] if i >= 0 else 0

    def clause_start(self, pos: int, floor: int) -> int:
        """Where the clause holding ``pos`` starts (after the last comma, semicolon or full stop outside
        quoted titles), not before ``floor`` and at most 200 characters back."""
        i = bisect.bisect_right(self.clause_ends, pos) - 1
        return max(floor, pos - 200, self.clause_ends[i] if i >= 0 else 0)

    def sentence_end(self, pos: int) -> int:
        """Offset where the sentence holding ``pos`` ends (after its full stop)."""
        i = bisect.bisect_right(self.sentence_ends, pos)
        return self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.norm)


#: Relation of each verb spelling.
_RELATION_OF = dict(P.VERBS)


# --- public API ----------------------------------------------------------------------------------


def find_citations(
    text: str, *, body_hint: str | None = None, context: CitationContext | None = None
) -> list[Citation]:
    """The citations in one paragraph ``text``, in order of their offsets.

    ``body_hint`` is the body whose bare numbers these are (``"COP"`` in a COP or working-group
    document). ``context`` carries what earlier paragraphs established (antecedents of short forms,
    the report recent recommendations belong to, the instrument under discussion); it is updated in
    place with what this paragraph establishes. Never raises on any string.
    """
    if not isinstance(text, str) or not text:
        return []
    ctx = context if context is not None else CitationContext(body_hint=body_hint)
    if body_hint is not None:
        ctx.body_hint = body_hint
    prepared = _Text.of(text, ctx)
    ctx.current, ctx.current_targets, ctx.current_documents = [], {}, []
    for mention in _find_mentions(prepared, ctx):
        if running_header(prepared, mention, ctx):
            continue
        citation = _describe(prepared, mention, ctx)
        if citation is not None and not ctx.is_own(citation):
            ctx.add(citation)
    citations = list(ctx.current)
    if ctx.paragraph_instrument is None and prepared.instruments:
        ctx.paragraph_instrument = prepared.instruments[-1]
    note_recommendation_sources(prepared, citations, ctx)
    note_bodies(prepared, citations, ctx)
    ctx.remember(citations)
    return citations


def cite_document(doc: Document) -> Document:
    """``doc`` with ``Paragraph.citations`` filled for every paragraph, footnotes included.

    The document's own id and symbol are not citations; its body decides bare numbers; short forms
    and recommendations resolve against earlier paragraphs; ``同上`` in a footnote takes the previous
    footnote's target.
    """
    ctx = CitationContext.for_document(doc)
    out: list[Paragraph] = []
    for para in doc.paragraphs:
        ctx.start_paragraph(is_footnote=para.kind == "footnote")
        cites = find_citations(para.text, context=ctx)
        out.append(replace(para, citations=tuple(cites)) if cites or para.citations else para)
    return doc.with_paragraphs(tuple(out))


# --- stage 1: find -------------------------------------------------------------------------------


def _find_mentions(t: _Text, ctx: CitationContext) -> list[Mention]:
    """Every mention the recognisers find in the paragraph, overlaps removed (earlier, then longer,
    then the lower ``priority`` wins)."""
    found: list[Mention] = []
    for recognise in RECOGNISERS:
        found += recognise(t, ctx)
    found.sort(key=lambda m: (m.start, -(m.end - m.start), m.priority))
    kept: list[Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _resolution_symbols(t: _Text, ctx: CitationContext) -> list[Mention]:
    """``S/RES/2117(2013)``, ``A/RES/70/1``, ``A/RES/2200 A (XXI)``."""
    out: list[Mention] = []
    if "/RES/" not in t.norm:  # a substring test is far cheaper than the scan (hot path)
        return out
    for m in P.RESOLUTION_SYMBOL.finditer(t.norm):
        body = P.RESOLUTION_SERIES[m.group("series")]
        number = clean_number(m.group("num"))
        out.append(Mention("resolution", m.start(), m.end(), number=number, body=body, priority=0))
    return out


def _resolution_lists(t: _Text, ctx: CitationContext) -> list[Mention]:
    """``第 5/4 号决议``, ``第 6/2 号、第 7/2 号和第 8/3 号决议``, ``第61/12号、2011年4月7日第62/8号决议``:
    one mention per number (numbers inside a quoted title of an item are not items)."""
    out: list[Mention] = []
    if "决" not in t.norm:
        return out
    for run in P.RESOLUTION_RUN.finditer(t.norm):
        tail = P.RESOLUTION_TAIL.match(t.norm, run.end())
        if tail is None or not (tail.group("hao") or run.group(0).rstrip().endswith("号")):
            continue
        kind = "resolution" if tail.group("kind") == "决议" else "decision"
        quoted = t.masked[run.start()] == "□"
        items = [item for item in P.RESOLUTION_ITEM.finditer(t.norm, run.start(), run.end())
                 if quoted or t.masked[item.start()] != "□"]
        previous_end = run.start()
        for i, item in enumerate(items):
            end = tail.end() if i == len(items) - 1 else item.end()
            number = clean_number(P.NUMBER.search(item.group(0)).group(0))
            out.append(Mention(kind, item.start(), end, number=number, in_list=i > 0, priority=1,
                               item_after=previous_end))
            previous_end = item.end()
    return out


def _resolutions_en(t: _Text, ctx: CitationContext) -> list[Mention]:
    """``resolution 70/1``, ``resolutions 6/2 and 7/2``, ``decision 4/6``."""
    out: list[Mention] = []
    if "esolution" not in t.norm and "ecision" not in t.norm:
        return out
    for m in P.RESOLUTION_EN.finditer(t.norm):
        kind = m.group("kind").lower()
        for i, item in enumerate(P.NUMBER.finditer(t.norm, m.start(), m.end())):
            start = m.start() if i == 0 else item.start()
            out.append(Mention(kind, start, item.end(), number=clean_number(item.group(0)), in_list=i > 0, priority=1))
    return out


def _symbols(t: _Text, ctx: CitationContext) -> list[Mention]:
    """Document symbols, slash and underscore forms; symbols with no digit are not symbols."""
    out: list[Mention] = []
    if "/" not in t.norm and "_" not in t.norm:
        return out
    slashed = P.LETTERS_SLASH.search(t.norm) is not None  # what SYMBOL and SYMBOL_SHORT need
    for m in P.SYMBOL.finditer(t.norm) if slashed else ():
        symbol = P.WHITESPACE.sub("", m.group("sym"))
        if any(ch.isdigit() for ch in symbol) and "/RES/" not in symbol:
            out.append(Mention("document", m.start(), m.end(), symbol=symbol, priority=2))
            end = m.end()
            while part := P.SYMBOL_PARTS_AFTER.match(t.norm, end):
                out.append(Mention("document", part.start("part"), part.end(), symbol=f"{symbol}/{part.group('part')}",
                                   priority=2))
                end = part.end()
    for m in P.SYMBOL_SHORT.finditer(t.norm) if slashed else ():
        out.append(Mention("document", m.start(), m.end(), symbol=m.group("sym"), priority=2))
    for m in P.SYMBOL_UNDERSCORE.finditer(t.norm) if "_" in t.norm else ():
        out.append(Mention("document", m.start(), m.end(), symbol=m.group("sym").replace("_", "/"), priority=2))
    return out


def _recommendations(t: _Text, ctx: CitationContext) -> list[Mention]:
    """``建议 23``, ``建议 6 和 18``; numbers followed by 年/个/… are counts or dates, not numbers."""
    out: list[Mention] = []
    if "建议" not in t.norm and "ecommendation" not in t.norm:
        return out
    for pattern in (P.RECOMMENDATION, P.RECOMMENDATION_EN):
        for m in pattern.finditer(t.norm):
            numbers = list(P.DIGITS.finditer(t.norm, m.start(), m.end()))
            for i, num in enumerate(numbers):
                after = t.norm[num.end(): num.end() + 2].lstrip(" \t")[:1]
                if after in P.NOT_A_RECOMMENDATION_AFTER:
                    break
                start = m.start() if i == 0 else num.start()
                out.append(Mention("recommendation", start, num.end(), number=num.group(0), in_list=i > 0,
                                   priority=3, group_end=m.end()))
    return out


def _articles(t: _Text, ctx: CitationContext) -> list[Mention]:
    """``第 13 条第 1 款``, ``第 11(b)条``, ``article 13(1)``: the instrument is settled in ``_describe``."""
    out: list[Mention] = []
    if "条" not in t.norm and "rt" not in t.norm:
        return out
    for m in P.ARTICLE.finditer(t.norm):
        art = m.group("art") if m.group("art").isdigit() else str(P.chinese_number(m.group("art")))
        if art == "0":
            continue
        if m.group("sub1"):
            art += f"({m.group('sub1')})"
        if m.group("para"):
            art += f"({m.group('para')})"
        if m.group("sub2"):
            art += f"({m.group('sub2')})"
        out.append(Mention("article", m.start(), m.end(), number=art, priority=4))
    for m in P.ARTICLE_PARAGRAPHS.finditer(t.norm):
        article_end = t.norm.index("条", m.start()) + 1
        items = list(P.ARTICLE_PARAGRAPH_ITEM.finditer(t.norm, article_end, m.end()))
        for i, item in enumerate(items):
            start = m.start() if i == 0 else item.start()
            end = m.end() if i == len(items) - 1 else item.end()
            out.append(Mention("article", start, end, number=f"{m.group('art')}({item.group('para')})", priority=3))
    for m in P.ARTICLE_EN.finditer(t.norm):
        para = m.group("para") or m.group("para2")
        art = m.group("art") + (f"({para})" if para else "")
        out.append(Mention("article", m.start(), m.end(), number=art, priority=4))
    return out


def _short_forms(t: _Text, ctx: CitationContext) -> list[Mention]:
    """``同一决议``, ``该决议``, ``上述决议``; ``同上`` only in footnotes."""
    out = [
        Mention("resolution" if m.group("kind") == "决议" else "decision", m.start(), m.end(), short=True, priority=5)
        for m in P.SHORT_FORM.finditer(t.norm)
    ]
    if ctx.is_footnote:
        out += [Mention("ibid", m.start(), m.end(), short=True, priority=5) for m in P.IBID.finditer(t.norm)]
    return out


#: Recognisers, in the order they run: each takes the prepared paragraph and the context and returns
#: the mentions it finds. A new form of reference is a new function added here (overlaps between
#: recognisers are settled by ``_find_mentions``); a recogniser that knows its target outright sets
#: ``Mention.target`` (and ``resolved``) and skips the resolvers.
RECOGNISERS: list[Callable[[_Text, CitationContext], list[Mention]]] = [
    _resolution_symbols, _resolution_lists, _resolutions_en, _symbols, _recommendations, _articles, _short_forms,
]

# --- stage 2: describe and resolve ---------------------------------------------------------------


def _describe(t: _Text, m: Mention, ctx: CitationContext) -> Citation | None:
    """The Citation for one mention, or None when its target cannot be named at all (an article of an
    instrument we do not know, ``同上`` after a footnote that cites nothing)."""
    pinpoint = _pinpoint(t, m)
    title, date = _title_date(t, m)
    resolved = True
    if m.target is not None:
        target, resolved = m.target, m.resolved
    elif m.kind in ("resolution", "decision") and m.short:
        target, resolved = resolve_short_form(t, m, ctx)
    elif m.kind == "ibid":
        found = ctx.ibid_target()
        if found is None:
            return None
        target, resolved = found
    elif m.kind in ("resolution", "decision"):
        body = m.body or body_before(t, m, ctx)
        resolved = body is not None
        target = f"{m.kind}:{body or '?'} {m.number}"
    elif m.kind == "document":
        target = f"document:{m.symbol}"
    elif m.kind == "recommendation":
        target, resolved = resolve_recommendation(t, m, ctx)
    else:
        instrument = instrument_for_article(t, m, ctx)
        if instrument is None:
            return None
        target, pinpoint = f"article:{instrument} {m.number}", f"art. {m.number}"
    return Citation(
        target=target, surface=t.raw[m.start:m.end], start=m.start, end=m.end,
        relation=_relation(t, m), pinpoint=pinpoint, title=title, date=date, resolved=resolved,
    )


def _relation(t: _Text, m: Mention) -> str | None:
    """The relation from the governing verb: the nearest verb before the mention in its sentence,
    skipping verbs inside a parenthetical that closes before the mention (``根据…（见 X）…（建议 23）``:
    建议 23 is pursuant_to); ``在…中`` framing gives ``refers_to``."""
    s0 = t.sentence_start(m.start)
    if P.FRAME_CLOSE.match(t.norm, m.end) and P.FRAME_OPEN.search(t.masked, max(s0, m.start - 300), m.start):
        return "refers_to"
    i = bisect.bisect_right(t.verb_ends, m.start) - 1
    for start, closes, relation in reversed(t.verbs[max(0, i - 30): i + 1]):
        if start < s0:
            return None
        if closes == -1 or closes > m.start:
            return relation
    return None


def _pinpoint(t: _Text, m: Mention) -> str | None:
    """``chap. IV, para. 24`` / ``para. 7`` / ``annex`` printed right after the mention."""
    if m.kind in ("recommendation", "article"):
        return None
    found = P.PINPOINT.match(t.norm, m.end, min(len(t.norm), m.end + 60))
    if not found:
        return None
    parts = [_pinpoint_part(part) for part in P.PINPOINT_PART.finditer(found.group("pin"))]
    return ", ".join(parts) or None


def _pinpoint_part(part: re.Match[str]) -> str:
    """One pinpoint part in the English form of DESIGN.md (``chap. IV``, ``para. 24``, ``annex I``)."""
    if part.group("chap"):
        return f"chap. {_roman(part.group('chap'))}"
    if part.group("sect") or part.group("sectl"):
        return f"sect. {_roman(part.group('sect')) if part.group('sect') else part.group('sectl')}"
    if part.group("para"):
        prefix = "preamble " if part.group("pre") == "序言部分" else ""
        return f"{prefix}para. {part.group('para')}"
    if part.group("page"):
        return f"p. {part.group('page')}"
    annex = part.group("annex")
    return f"annex {_roman(annex)}" if annex else "annex"


def _roman(chinese: str) -> str:
    """``四`` -> ``IV``; ``十二`` -> ``XII`` (chapter numbers up to 39)."""
    value = P.chinese_number(chinese)
    numerals = (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
    out = ""
    for sign, size in numerals:
        while value >= size:
            out, value = out + sign, value - size
    return out


def _title_date(t: _Text, m: Mention) -> tuple[str | None, str | None]:
    """Title and ISO date stated right before the mention (``2010 年 10 月 22 日题为“…”的第 5/4 号决议``),
    or a 《title》 right before a parenthesised symbol. An item after the first of a list takes only
    what is stated between it and the item before (``、2011年4月7日第62/8号``)."""
    if (m.in_list and m.kind not in ("resolution", "decision")) or m.short \
            or m.kind in ("recommendation", "article", "ibid"):
        return None, None
    window = t.norm[max(0, m.start - 400, m.item_after if m.in_list else 0): m.start]
    if not window.rstrip(" \t[(（").endswith(("的", "日", "》")):
        return None, None
    if m.kind == "document":
        found = P.TITLE_BEFORE_SYMBOL.search(window)
        return (found.group("title"), None) if found else (None, None)
    found = P.TITLE_DATE_BEFORE.search(window)
    if not found:
        return None, None
    date = None
    if found.group("y"):
        date = f"{found.group('y')}-{int(found.group('m')):02d}-{int(found.group('d')):02d}"
    return found.group("title"), date
