"""The whoosh searcher scores with arrays (index/whoosh_scoring.py): the same paragraphs, scores and
order as whoosh's own collector, on one segment and on several with deletions, filters included."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher

from index import whoosh_postings, whoosh_scoring
from index.engine import Filters
from index.query import parse
from index.whoosh_engine import (
    FACET_FIELDS,
    VerifiedPhrase,
    WhooshEngine,
    WhooshSearcher,
    compile_tree,
    filter_query,
    give_texts,
    paragraph_fields,
    writer,
)
from tests.doc_factory import document
from tests.test_engines import QUERIES

#: Queries beyond test_engines': compounds with sub-words, aliases beside words, articles, a symbol.
MORE = ("数据收集", "UNODC 枪支", "第 10 条", "议定书第 10 条", "标识 OR 记录", "NOT 枪支", "firearms marking",
        "11/6 枪支", "A/RES/55/255", '"工作组"', "非法贩运 枪支")
FILTERS = (Filters(), Filters(role="mandate"), Filters(year=(2014, 2018)), Filters(doc_type="resolution"))


def whoosh_ranking(searcher, wq, allowed: set[int] | None = None) -> list[tuple[int, float]]:
    """Every match of ``wq`` as whoosh's collector ranks it: ``(docnum, score)``."""
    return [(r.docnum, r.score) for r in searcher.search(wq, limit=None, filter=allowed, terms=False)]


def assert_same(theirs: list[tuple[int, float]], ours: list[tuple[int, float]]) -> None:
    assert [d for d, _ in ours] == [d for d, _ in theirs]
    assert np.allclose([s for _, s in ours], [s for _, s in theirs], rtol=1e-12, atol=0)


@pytest.fixture(scope="module")
def corpus_searcher(corpus_kb):
    """A whoosh searcher of its own on the bundled corpus's index (its caches are not the kb's)."""
    corpus_kb.search("枪支")  # the index is built
    ix = whoosh_index.open_dir(str(corpus_kb.search_index.path))
    searcher = ix.searcher()
    give_texts(searcher, corpus_kb.store.paragraph_texts)
    yield searcher
    searcher.close()
    ix.close()


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f.terms()) or "unfiltered")
def test_array_scores_rank_every_match_as_whoosh_does(corpus_searcher, filters):
    fq = filter_query(filters)
    allowed = whoosh_scoring.score(corpus_searcher, fq).mask if fq is not None else None
    allowed_set = set(np.flatnonzero(allowed).tolist()) if allowed is not None else None
    checked = 0
    for text in (*QUERIES, *MORE):
        wq = compile_tree(parse(text).tree)
        theirs = whoosh_ranking(corpus_searcher, wq, allowed_set)
        scored = whoosh_scoring.score(corpus_searcher, wq)
        assert_same(theirs, whoosh_scoring.top(scored, allowed, 10**6))
        assert_same(theirs[:7], whoosh_scoring.top(scored, allowed, 7))  # a page: the same first hits
        checked += bool(theirs)
    assert checked > 20  # most queries match something


def test_phrase_candidates_score_as_whoosh_matchers(corpus_searcher):
    """A phrase's candidates (an And of Ors of the index terms holding its rarest characters) are
    scored by arrays; whoosh's matcher tree gives the same docnums and scores."""
    phrase = VerifiedPhrase(query.Term("text", "记录"), "记录保存")
    for leaf, _offset in corpus_searcher.leaf_searchers():
        candidates = phrase._candidates(leaf.reader())
        assert isinstance(candidates, query.And)
        matcher, theirs = candidates.matcher(leaf), []
        while matcher.is_active():
            theirs.append((matcher.id(), matcher.score()))
            matcher.next()
        assert len(theirs) > 10
        assert_same(theirs, whoosh_scoring.leaf_matches(leaf, candidates))


def test_several_segments_with_deletions_answer_as_whoosh_does(tmp_path):
    texts = ("枪支的标识和记录保存。", "非法贩运枪支及其零部件。", "工作组建议加强标识。", "无关的段落。")
    first = [document("CTOC/COP/WG.6/2031/7", texts, doc_type="report"),
             document("CTOC/COP/WG.6/2031/8", texts[::-1], date="2016-05-01")]
    WhooshEngine().build(tmp_path, first)
    ix = whoosh_index.open_dir(str(tmp_path))
    w = writer(ix)  # a second segment, not merged, and a deletion in the first
    w.delete_by_term("document", first[0].id)
    added = [document("CTOC/COP/WG.6/2031/7", ("枪支标识。", "记录保存和枪支。"), doc_type="report"),
             document("CTOC/COP/WG.6/2031/9", texts[1:], date="2015-01-01")]
    for doc in added:
        for fields_ in paragraph_fields(doc):
            w.add_document(**fields_)
    w.commit(merge=False)
    ix.close()
    stored = {(d.id, seq): p for d in [*first, *added] for seq, p in enumerate(d.paragraphs)}
    searcher = WhooshSearcher(tmp_path, lambda wanted: {(d, s): stored[(d, s)].text for d, s, k in wanted
                                                        if (d, s) in stored and stored[(d, s)].key == k})
    raw = searcher._searcher
    assert not raw.is_atomic() and any(leaf.reader().has_deletions() for leaf, _ in raw.leaf_searchers())
    for field in FACET_FIELDS.values():  # facet columns read as codes: whoosh's values, docnum by docnum
        values, codes = whoosh_scoring.column_codes(raw, field)
        assert [values[c] for c in codes] == list(raw.reader().column_reader(field, translate=True))
    for text in ("枪支", "标识 记录保存", '"记录保存"', "枪支 NOT 贩运", "UNODC 枪支"):
        tree = parse(text).tree
        for filters in (Filters(), Filters(year=(2015, 2016)), Filters(doc_type="report")):
            fast = searcher.search(tree, filters, every=False, offset=1, limit=3)
            slow = searcher._search_whoosh(compile_tree(tree), filter_query(filters), 1, 3)
            assert fast.total == slow.total > 0
            assert [h["pid"] for h, _ in fast.hits] == [h["pid"] for h, _ in slow.hits]
            assert np.allclose([s for _, s in fast.hits], [s for _, s in slow.hits], rtol=1e-12, atol=0)
            assert fast.facets == slow.facets
    listed = searcher.search(None, Filters(doc_type="report"), every=True, offset=0, limit=3)  # filters only
    slow = searcher._search_whoosh(query.Every(), filter_query(Filters(doc_type="report")), 0, 3)
    assert [h["pid"] for h, _ in listed.hits] == [h["pid"] for h, _ in slow.hits] and listed.total == slow.total == 3
    searcher.close()


def test_top_breaks_ties_by_the_lower_docnum_within_the_allowed_ones():
    scored = whoosh_scoring.Scored(np.array([True, True, False, True, True, True]),
                                   np.array([1.0, 2.0, 9.0, 2.0, 2.0, 0.5]))
    assert whoosh_scoring.top(scored, None, 2) == [(1, 2.0), (3, 2.0)]
    assert whoosh_scoring.top(scored, None, 10) == [(1, 2.0), (3, 2.0), (4, 2.0), (0, 1.0), (5, 0.5)]
    allowed = np.array([True, False, True, False, True, True])
    assert whoosh_scoring.top(scored, allowed, 2) == [(4, 2.0), (0, 1.0)]
    assert whoosh_scoring.top(scored, allowed, 0) == []


def block_levels(searcher) -> Counter:
    """How many posting blocks of each compression level (0: none) the index's segments hold,
    read from the blocks' headers."""
    levels: Counter = Counter()
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            while isinstance(matcher, FilterMatcher):
                matcher = matcher.child
            if not isinstance(matcher, W3LeafMatcher):
                continue
            while matcher.is_active():
                levels[matcher._compression] += 1
                matcher._next_block()
    return levels


def test_compressed_and_plain_blocks_in_several_segments_score_as_whoosh_does(tmp_path, corpus_kb):
    """Segments whose terms' blocks are compressed or not (index.whoosh_postings), one with
    deletions: the array scores and totals are whoosh's collector's, filtered or not."""
    documents = list(corpus_kb.store.iter_documents())
    WhooshEngine().build(tmp_path, documents[: len(documents) // 2])
    ix = whoosh_index.open_dir(str(tmp_path))
    w = writer(ix)
    for doc in documents[:2]:
        w.delete_by_term("document", doc.id)
    for doc in documents[len(documents) // 2:] + documents[:1]:
        for fields_ in paragraph_fields(doc):
            w.add_document(**fields_)
    w.commit(merge=False)
    with ix.searcher() as raw:
        give_texts(raw, corpus_kb.store.paragraph_texts)  # phrases (MORE) check the store's texts
        assert not raw.is_atomic() and any(leaf.reader().has_deletions() for leaf, _ in raw.leaf_searchers())
        levels = block_levels(raw)
        assert levels[0] > 0 and levels[whoosh_postings.COMPRESSION] > 0, levels
        for filters in FILTERS:
            fq = filter_query(filters)
            allowed = whoosh_scoring.score(raw, fq).mask if fq is not None else None
            allowed_set = set(np.flatnonzero(allowed).tolist()) if allowed is not None else None
            for text in ("枪支", "标识 记录保存", "工作组", "UNODC 枪支", "枪支 NOT 贩运", "的", *MORE):
                wq = compile_tree(parse(text).tree)
                assert_same(whoosh_ranking(raw, wq, allowed_set),
                            whoosh_scoring.top(whoosh_scoring.score(raw, wq), allowed, 10**6))
    ix.close()
