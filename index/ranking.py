"""Ranking policy over an engine's best candidates (engine-neutral; issue 10 items 2 and 7).

An engine scores paragraphs by BM25 over what they say; a delegate wants the paragraphs that answer.
Over the engine's top candidates this module:

* weighs headings down (a heading is a pointer to its section, not an answer) and ranks each
  heading after the body paragraphs of its own section that are among the candidates; at most one
  heading per section on a page (the others move to the next page);
* weighs purely bibliographic footnotes down ("联合国，《条约汇编》，第 2225 卷", "可查阅 www…");
* weighs up paragraphs with the role the query asks for ("…提出了哪些建议" -> recommendation).

Scores are the engine's times these weights, so the order and the scores shown agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

#: Weight of a heading's score.
HEADING_WEIGHT = 0.25
#: Weight of a purely bibliographic footnote's score.
BIBLIOGRAPHIC_WEIGHT = 0.3
#: Weight of a paragraph having a role the query asks for.
ROLE_WEIGHT = 1.4
#: How many candidates beyond the page the policy looks at.
DEPTH = 30
#: Marks of a reference: a title in 《》 or “”, a web address, a page or volume, a document symbol,
#: "可查阅", "同上", "第 n 号决议/决定/文件".
REFERENCE = re.compile(r"《|“|https?://|www\.|第\s*[\d,、和 ]+\s*(?:页|卷|段|号)|[A-Z]{1,6}/[\w./]+|可查阅|同上|"
                       r"号(?:决议|决定|文件)|\d{4}\s*年")
#: Clauses that make a footnote say something of its own (a list of participants, a funding note).
SUBSTANCE = re.compile(r"以下|参加|获得|组成|因为|但|提供了|是指|包括")
#: Weight of a paragraph naming the query's words only inside titles and quotations (《…》, “…”):
#: a passing mention ("题为“非法制造和贩运枪支及其零部件和弹药”的第 5/4 号决议" for 弹药).
PASSING_WEIGHT = 0.5
#: Spans whose words are a passing mention: a title in 《》, a quotation in “”.
PASSING = re.compile(r"《[^》\n]{0,200}》|“[^”\n]{0,200}”")
#: Separator of a section path's titles (index.sections.PATH_SEP).
PATH_SEP = " > "


@dataclass(frozen=True)
class Candidate:
    """One engine hit as the policy sees it; ``item`` is whatever the caller carries along."""

    item: object
    score: float
    kind: str
    section: str
    text: str
    roles: tuple[str, ...] = ()


def bibliographic(kind: str, text: str) -> bool:
    """Whether a paragraph is a footnote that only points to sources."""
    if kind != "footnote":
        return False
    refs = len(REFERENCE.findall(text))
    return refs > 0 and not (SUBSTANCE.search(text) and len(text) > 40 and refs < 2)


def passing(text: str, marks: Sequence[str]) -> bool:
    """Whether every occurrence of the query's words in ``text`` lies inside a title or quotation."""
    spans = [m.span() for m in PASSING.finditer(text)]
    if not spans:
        return False
    inside = outside = 0
    for mark in marks:
        if not mark.strip():
            continue
        for m in re.finditer(re.escape(mark), text, re.I):  # a title naming just it is no passing
            if any(a <= m.start() and m.end() <= b and b - a > len(mark) + 6 for a, b in spans):
                inside += 1
            else:
                outside += 1
    return inside > 0 and outside == 0


def weight(c: Candidate, roles: Sequence[str], cites: bool = False, marks: Sequence[str] = ()) -> float:
    """The policy's factor for one candidate (``cites``: the query names a citation, and a footnote
    that only cites it is what it asks for; ``marks``: the query's words and their forms)."""
    w = 1.0
    if marks and not cites and passing(c.text, marks):
        w *= PASSING_WEIGHT
    if c.kind == "heading":
        w *= HEADING_WEIGHT
    elif not cites and bibliographic(c.kind, c.text):
        w *= BIBLIOGRAPHIC_WEIGHT
    if roles and set(roles) & set(c.roles):
        w *= ROLE_WEIGHT
    return w


def rank(candidates: Sequence[Candidate], page: int, roles: Sequence[str] = (), cites: bool = False,
         marks: Sequence[str] = ()) -> list[Candidate]:
    """The candidates reordered by the policy (``page`` = hits per page), scores adjusted."""
    weighed = [replace(c, score=c.score * weight(c, roles, cites, marks)) for c in candidates]
    weighed = _headings_after_their_body(weighed)
    weighed.sort(key=lambda c: -c.score)
    return _one_heading_per_section(weighed, max(1, page))


def _headings_after_their_body(items: list[Candidate]) -> list[Candidate]:
    """A heading scored at most just below the lowest body paragraph of its section."""
    out = []
    for c in items:
        if c.kind == "heading":
            own = (c.section + PATH_SEP if c.section else "") + c.text.strip()
            below = [b.score for b in items if b.kind != "heading"
                     and (b.section == own or b.section.startswith(own + PATH_SEP))]
            if below and c.score >= min(below):
                c = replace(c, score=min(below) * 0.999)
        out.append(c)
    return out


def _one_heading_per_section(items: list[Candidate], page: int) -> list[Candidate]:
    """At most one heading per section on each page: later ones wait for the next page."""
    out: list[Candidate] = []
    waiting: list[Candidate] = []
    queue = list(items)
    while queue or waiting:
        on_page = {c.section for c in out[len(out) - len(out) % page:] if c.kind == "heading"}
        ready = [w for w in waiting if w.section not in on_page]
        if ready and (not queue or ready[0].score >= queue[0].score):
            nxt = ready[0]
            waiting.remove(nxt)
        elif queue:
            nxt = queue.pop(0)
            if nxt.kind == "heading" and nxt.section in on_page:
                waiting.append(nxt)
                continue
        else:  # only headings of sections already on this page are left: start the next page
            nxt = waiting.pop(0)
        out.append(nxt)
    return out
