"""Scores depend only on what a paragraph matches (issue 10 item 4): when one query word expands to
several forms and one of them is a phrase, a paragraph matching only a single-word form must not get
the phrase's score (whoosh's DisjunctionMax scored every sub-query still active, wherever it stood)."""

from __future__ import annotations

import pytest

from tests.doc_factory import document
from tests.test_search import put


@pytest.fixture
def ekb(kb, engine_name):
    """A fresh knowledge base searched by each engine in turn."""
    kb.use_engine(engine_name)
    return kb

# "parts and components" (glossary) -> the word 零部件 and the phrase 零件和部件.
PHRASE, WORD = "零件和部件的进口管理需要登记。", "零部件的标识。"


def scores(kb, query):
    return {h.paragraph_id: h.score for h in kb.search(query, limit=50).hits}


def test_a_paragraph_matching_one_form_scores_the_same_wherever_the_phrase_matches(ekb):
    texts = (PHRASE, WORD, PHRASE, WORD, "无关的段落。")
    put(ekb, document("CTOC/COP/WG.6/2031/7", texts, footnote=None))
    got = scores(ekb, "parts and components")
    pid = "document:CTOC/COP/WG.6/2031/7¶{}".format
    assert set(got) == {pid(1), pid(2), pid(3), pid(4)}
    assert got[pid(2)] == got[pid(4)]  # the same text, matched by the word only
    assert got[pid(1)] == got[pid(3)]  # the same text, matched by the phrase only
    assert got[pid(2)] != got[pid(1)]


def test_alternatives_score_as_their_best_form_plus_a_tiebreak_share(ekb):
    texts = (WORD, "零部件的标识，零件和部件的进口管理。", "零部件和标识。")
    put(ekb, document("CTOC/COP/WG.6/2031/7", texts, footnote=None))
    got = scores(ekb, "parts and components")
    pid = "document:CTOC/COP/WG.6/2031/7¶{}".format
    assert set(got) == {pid(1), pid(2), pid(3)}
    # a paragraph holding both forms ranks first; the two holding only the word score alike
    assert got[pid(2)] > max(got[pid(1)], got[pid(3)])
