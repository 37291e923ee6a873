"""The search analyzer: each known trap of Chinese full-text search, shown on real whoosh indexes."""

from __future__ import annotations

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, query
from whoosh.filedb.filestore import RamStorage

from index.analysis import TokenizedText, analyse, query_words, sub_words
from index.query import prepare
from index.whoosh_engine import JiebaTokensTokenizer
from ingest.tokens import tokenize

SYMBOL_TEXT = "工作组的建议载于 CTOC/COP/WG.6/2014/4 号文件第 (a) 段，另见指标 16.4.2 和第 11/6 号决议。"


def _ram_index(analyzer, texts: list[str]):
    schema = fields.Schema(n=fields.ID(stored=True), text=fields.TEXT(analyzer=analyzer, phrase=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for n, text in enumerate(texts):
            writer.add_document(n=str(n), text=text)
    return ix


def _hits(ix, q) -> list[str]:
    with ix.searcher() as searcher:
        return [hit["n"] for hit in searcher.search(q, limit=None)]


def _phrase(words: list[str]) -> query.Phrase:
    return query.Phrase("text", words)


# ---- trap 1: jieba's bundled ChineseAnalyzer -------------------------------------------------
def test_jieba_chinese_analyzer_drops_single_latin_and_breaks_phrases():
    """The trap itself, shown so the test below means something: the ``4`` of the symbol and the
    ``a`` of ``(a)`` vanish, positions are character offsets and a two-word phrase finds nothing."""
    from jieba.analyse import ChineseAnalyzer

    bundled = ChineseAnalyzer()
    terms = [t.text for t in bundled(SYMBOL_TEXT)]
    assert "4" not in terms and "a" not in terms
    positions = [t.pos for t in bundled("枪支标识和记录保存", positions=True)]
    assert positions != list(range(len(positions)))
    ix = _ram_index(bundled, ["为枪支标识和记录保存提供支持"])
    assert _hits(ix, _phrase(["标识", "和"])) == [] or _hits(ix, _phrase(["枪支", "标识"])) == []


def test_our_analyzer_keeps_single_characters_and_phrases():
    ours = JiebaTokensTokenizer()
    terms = [t.text for t in ours(SYMBOL_TEXT)]
    for term in ("4", "a", "ctoc/cop/wg.6/2014/4", "16.4.2", "11/6"):
        assert term in terms, term
    positions = [t.pos for t in ours("枪支标识和记录保存", positions=True, mode="query")]
    assert positions == list(range(len(positions)))
    ix = _ram_index(ours, ["为枪支标识和记录保存提供支持", "标识枪支"])
    assert _hits(ix, _phrase(["枪支", "标识"])) == ["0"]
    assert _hits(ix, _phrase(["标识", "枪支"])) == ["1"]


@pytest.mark.parametrize("typed", ["CTOC/COP/WG.6/2014/4", "16.4.2", "11/6", "4", "a", "WG.6", "ＣＴＯＣ"])
def test_numbers_symbols_and_single_latin_are_searchable(typed):
    ix = _ram_index(JiebaTokensTokenizer(), [SYMBOL_TEXT, "无关的段落。"])
    words = query_words(prepare(typed))  # queries are NFKC-normalised first (ＣＴＯＣ -> CTOC)
    assert words, typed
    assert _hits(ix, query.And([query.Term("text", w) for w in words])) == ["0"]


# ---- trap 2: the default dictionary splits UN terms ------------------------------------------
@pytest.mark.parametrize("term", ["枪支议定书", "记录保存", "毒品和犯罪问题办公室"])
def test_user_dictionary_keeps_un_terms_whole(term):
    text = f"各国应加强{term}方面的合作。"
    assert term not in jieba.lcut(text)  # the default dictionary splits it: 枪支|议定书, 记录|保存 …
    assert term in tokenize(text)        # the user dictionary keeps it whole
    assert term in [t for t, *_ in analyse(text)]


# ---- trap 3: whole words only make 记录 miss 记录保存 --------------------------------------------
def test_sub_words_make_parts_findable_at_the_word_position():
    text = "为枪支标识和记录保存提供支持"
    terms = list(analyse(text))
    by_term = {t: (pos, start, end) for t, pos, start, end in terms}
    assert by_term["记录"][0] == by_term["记录保存"][0]  # same position as its word
    assert text[by_term["保存"][1]:by_term["保存"][2]] == "保存"
    ix = _ram_index(JiebaTokensTokenizer(), [text, "无关"])
    assert _hits(ix, query.Term("text", "记录")) == ["0"]
    assert _hits(ix, query.Term("text", "保存")) == ["0"]
    assert ("记录", 0) in [(p, o) for o, p in sub_words("记录保存")]


def test_precomputed_tokens_are_used_not_resegmented():
    text = "记录保存"
    forced = TokenizedText(text, ["记", "录保", "存"])  # a deliberately odd segmentation
    assert [t.text for t in JiebaTokensTokenizer()(forced)] == ["记", "录保", "存"]
    mismatched = TokenizedText(text, ["别的"])  # tokens that do not rebuild the text are ignored
    assert "记录保存" in [t.text for t in JiebaTokensTokenizer()(mismatched)]


def test_urls_are_one_term_not_english_words():
    terms = [t for t, *_ in analyse("见 www.unodc.org/unodc/en/firearms-protocol/dark-web.html 。暗网")]
    assert "www.unodc.org" in terms and "dark" not in terms and "暗网" in terms


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("枪支标识记录保存和的ab4/.-CTOC 16\n（）《》")), max_size=40))
def test_analyse_offsets_slice_the_text(text):
    last_pos = -1
    for term, pos, start, end in analyse(text):
        assert 0 <= start < end <= len(text)
        assert term == text[start:end].strip().lower() or term.startswith(text[start:end][:1].lower())
        assert pos >= last_pos - 0 or pos == last_pos
        last_pos = max(last_pos, pos)
