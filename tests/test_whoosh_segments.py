"""Memory (issue 14): whoosh's build commits a segment whenever its pool holds more than
``POOL_POSTINGS_LIMIT`` postings, also in the middle of one large document. An index written in many
segments answers exactly as the one-segment index: same paragraphs, order, scores, facets, snippets."""

from __future__ import annotations

import pytest
from test_engines import FILTERS, QUERIES

import index.whoosh_engine as whoosh_engine
from wgkb.facade import KnowledgeBase


def segments(kb: KnowledgeBase) -> int:
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(kb.search_index.path))
    try:
        return len(ix._segments())  # noqa: SLF001 - the number of segments is what is tested
    finally:
        ix.close()


def answers(kb: KnowledgeBase, query: str, **filters) -> tuple:
    results = kb.search(query, limit=1000, **filters)
    return (results.total, results.facets,
            [(h.paragraph_id, round(h.score, 9), h.snippet) for h in results.hits])


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus_dir) -> dict[str, KnowledgeBase]:
    """The bundled corpus indexed by whoosh in one segment and in many (a tiny posting limit)."""
    out = {}
    for name, limit in (("one", whoosh_engine.POOL_POSTINGS_LIMIT), ("many", 3_000)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(whoosh_engine, "POOL_POSTINGS_LIMIT", limit)
            kb = KnowledgeBase.open(tmp_path_factory.mktemp(f"segments_{name}"))
            kb.use_engine("whoosh")
            kb.ingest([corpus_dir])
            kb.rebuild_index()
        out[name] = kb
    yield out
    for kb in out.values():
        kb.close()


def test_the_index_is_split_into_segments(built):
    assert segments(built["one"]) == 1
    assert segments(built["many"]) > 1


def test_one_large_document_is_split_into_segments(tmp_path, corpus_dir, monkeypatch):
    """The limit is checked after every paragraph, not only between documents."""
    largest = max((p for p in corpus_dir.glob("*.txt") if p.name != "terms.txt"), key=lambda p: p.stat().st_size)
    monkeypatch.setattr(whoosh_engine, "POOL_POSTINGS_LIMIT", 3_000)
    kb = KnowledgeBase.open(tmp_path)
    try:
        kb.use_engine("whoosh")
        kb.ingest([largest])
        assert kb.stats()["documents"] == 1
        assert segments(kb) > 1
    finally:
        kb.close()


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "unfiltered")
def test_many_segments_answer_as_one(built, filters):
    for query in QUERIES:
        assert answers(built["many"], query, **filters) == answers(built["one"], query, **filters), query
