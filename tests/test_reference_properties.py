"""Property tests of the citation extractor (hypothesis): it never raises on any string, every
citation slices its paragraph back to its surface, and every target is a well-formed canonical id."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.records import RELATIONS, TARGET_KINDS, Citation
from ingest.references import cite_document, find_citations
from tests.citation_docs import document_from_text

#: Pieces of real references and their surroundings, so random texts come near the patterns' edges.
FRAGMENTS = [
    "第", " ", "5/4", "５/４", "号", "决议", "决定", "、", "和", "，", "。", "（", "）", "(", ")", "2370", "(2017)",
    " V", "大会", "安全理事会", "缔约方会议", "麻醉药品委员会", "CTOC/COP/", "WG.6/", "2014/4", "A/CONF.192/15",
    "S/RES/2117(2013)", "CTOC_COP_2012_6", "\n", "建议", " 23", "6 和 18", "《枪支议定书》", "《公约》", "第 13 条",
    "第 1 款", "(b)", "条", "同上", "该决议", "同一决议", "第四章", "第 24 段", "附件", "回顾", "根据", "见", "[", "](#)",
    "题为“", "”的", "2010 年 10 月 22 日", "¹", "1/", "resolution ", "article 13(1) of the Firearms Protocol",
    "上次会议", "第五次会议",
    # forms of unseen documents (issue 9): dated list items, Roman and special sessions, back-references,
    # glued paragraph numbers and footnote marks, running headers and job numbers, English surfaces
    "2011年4月7日", "题为“弹药，零部件”的", "1234 B(XX)", "(XXI)", "987(X)", "S-30/1", "理事会", "委员会", "其",
    "经济及社会理事会，", "3.", "2/", "A/RES/88/12", "E/RES/2031/192/3", "31-12409(C)", "V.99-81234",
    "Council resolution 2020/15", "the Assembly", "decision 2030/245", "S/PRST/2030/5", "A/8817", "和Add.1",
    "第五十一条", "条约", "这一决定", "article 12, paragraph 4,",
]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=30).map("".join),
)
bodies = st.sampled_from([None, "COP", "GA", "SC"])

#: A canonical target: kind, then what DESIGN.md allows for it (``?`` where unresolved).
TARGET = re.compile(
    r"(?:resolution|decision):(?:\?|(?:COP|COSP|GA|SC|ECOSOC|CND|CCPCJ|HRC|\?) \S.*)"
    r"|document:(?:\?|[A-Z][A-Za-z0-9./()]*)"
    r"|recommendation:(?:\?|[A-Z][A-Za-z0-9./]*)#\d+"
    r"|article:[a-z][a-z0-9-]* \d+(?:\([0-9a-z]+\))*"
)


def assert_well_formed(text: str, citations: list[Citation]) -> None:
    """Offsets slice back to surfaces, in order, without overlap; targets and relations are valid."""
    previous_end = 0
    for c in citations:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.surface
        assert c.start >= previous_end
        previous_end = c.end
        assert c.kind in TARGET_KINDS
        assert TARGET.fullmatch(c.target), c.target
        assert c.relation is None or c.relation in RELATIONS
        assert not (c.resolved and "?" in c.target), c  # a resolved citation names its target


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, body=bodies)
def test_find_citations_never_raises_and_offsets_slice(text: str, body: str | None) -> None:
    assert_well_formed(text, find_citations(text, body_hint=body))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(texts, max_size=6), footnotes=st.lists(st.booleans(), max_size=6))
def test_cite_document_never_raises_and_offsets_slice(paragraphs: list[str], footnotes: list[bool]) -> None:
    chunks = [("¹ " if (footnotes[i] if i < len(footnotes) else False) else "") + p.replace("\n", " ")
              for i, p in enumerate(paragraphs)]
    doc = document_from_text("\n\n".join(chunks), doc_id="document:CTOC/COP/WG.6/2020/1",
                             symbol="CTOC/COP/WG.6/2020/1", body="CTOC/COP/WG.6", date="2020")
    for para in cite_document(doc).paragraphs:
        assert_well_formed(para.text, list(para.citations))
        assert all(c.target != "document:CTOC/COP/WG.6/2020/1" for c in para.citations)


@settings(max_examples=200, deadline=None)
@given(prefix=st.text(max_size=30), suffix=st.text(max_size=30))
def test_a_full_resolution_reference_is_found_in_any_surroundings(prefix: str, suffix: str) -> None:
    """``大会第 70/1 号决议`` is found whatever surrounds it (unless the surroundings extend the number)."""
    reference = "大会第 70/1 号决议"
    text = prefix + "。" + reference + "。" + suffix
    found = [c for c in find_citations(text) if c.start == len(prefix) + 3]
    assert [(c.target, c.surface) for c in found] == [("resolution:GA 70/1", "第 70/1 号决议")]
