"""The batched, windowed entity path (``ingest.entities.tag_paragraphs``, ``ingest.entity_windows``)
finds exactly the entities of the plain path (``find_entities``: one spaCy Doc per whole paragraph):
on every seed and family document and on generated text mixing alias names, SDG mentions, the
ambiguous bare names after their neighbours, Latin names glued to symbols, whitespace and noise."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Span
from spacy.util import filter_spans

from ingest.aliases import load_aliases
from ingest.entities import build_pipeline, find_entities, make_doc, pipeline, tag_paragraphs
from ingest.entity_windows import SEPARATOR, match_reach, windows
from ingest.pipeline import ingest_file, load_manifest
from ingest.records import Paragraph
from ingest.tokens import tokenize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FAMILY = Path(__file__).resolve().parent / "fixtures" / "family"
SOURCES = [CORPUS / name for name in sorted(load_manifest(CORPUS))] + sorted(
    p for p in FAMILY.iterdir() if p.suffix in (".txt", ".pdf", ".html"))


def plain(paragraph: Paragraph) -> tuple:
    return tuple(find_entities(paragraph.text, paragraph.tokens))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_documents_have_the_plain_paths_entities(path: Path) -> None:
    document = ingest_file(path)  # annotate: the batched path
    assert [p.entities for p in document.paragraphs] == [plain(p) for p in document.paragraphs]
    small = tag_paragraphs(document.paragraphs, {}, batch_tokens=7)
    assert [p.entities for p in small] == [p.entities for p in document.paragraphs]


def _names() -> list[str]:
    data = load_aliases()
    names = [name for entry in data.entries for name in entry.names]
    return names[::7] + list(data.ambiguous) + list(data.sdg_keywords) + ["可持续发展"]


_PIECES = st.one_of(
    st.sampled_from(_names()),
    st.sampled_from(["16", "16.4", "16.4.2", "16.a", "3", "18", " ", "\n", "。", "，", "/", "COP/", "WG.6",
                     "根据", "联合国", "各方面问题", "国家", "发展中", "有关", "见", "2", "A", "x"]),
    st.text(alphabet=st.sampled_from(list("的和国大会目标指标具体中美UN /.-\u3000")), max_size=4),
)
_TEXTS = st.lists(_PIECES, max_size=14).map("".join)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(_TEXTS, min_size=1, max_size=6), size=st.integers(min_value=1, max_value=60))
def test_generated_paragraphs_have_the_plain_paths_entities(texts: list[str], size: int) -> None:
    paragraphs = [Paragraph(key=str(i), kind="text", text=t, tokens=tuple(tokenize(t)) if i % 2 else ())
                  for i, t in enumerate(texts)]
    tagged = tag_paragraphs(paragraphs, {}, batch_tokens=size)
    assert [p.entities for p in tagged] == [tuple(find_entities(p.text)) for p in paragraphs]


def test_windows_cover_every_possible_match_merged() -> None:
    reach = {"联合国": 3, "大会": 1, "f": 2}
    tokens = ["a", "b", "联合国", "c", "d", "e", "f", "大会", "g"]
    assert windows(tokens, reach) == [(2, 5), (6, 8)]
    assert windows(["a", "b"], reach) == []


def test_reach_is_the_first_pattern_token_and_no_pattern_holds_the_separator() -> None:
    reach = match_reach(pipeline())
    assert reach is not None
    assert reach["具体目标"] >= 3 and "16.4" not in reach
    assert all(SEPARATOR not in token for token in reach)


@settings(max_examples=150, deadline=None)
@given(text=_TEXTS)
def test_sdg_component_finds_the_whole_docs_matches(text: str) -> None:
    """The SDG component runs its Matcher on keyword windows only: the same spans as on the doc."""
    sdg = pipeline().get_pipe("wgkb_sdg")
    doc = make_doc(text)
    whole = filter_spans([Span(doc, s, e) for _, s, e in sdg.matcher(doc)])
    assert [(sp.start, sp.end) for sp in sdg(make_doc(text)).ents] == [(sp.start, sp.end) for sp in whole]


def test_reach_follows_patterns_added_later_and_token_patterns_turn_windows_off() -> None:
    nlp = build_pipeline(load_aliases())
    ruler = nlp.get_pipe("span_ruler")
    assert "XQZW" not in match_reach(nlp)
    ruler.add_patterns([{"label": "ORG", "pattern": "XQZW 枪支局", "id": "org:test"}])
    assert match_reach(nlp)["XQZW"] == len(nlp.make_doc("XQZW 枪支局")) >= 3
    ruler.add_patterns([{"label": "ORG", "pattern": [{"ORTH": "某"}], "id": "org:any"}])
    assert match_reach(nlp) is None
