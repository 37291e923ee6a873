"""The fast whoosh writer (``index.whoosh_writer``) writes the segment whoosh's own writer writes:
the same bytes in every segment file (postings, term table, stored fields, columns, lengths), for a
fresh index of the corpus, for an update that deletes and re-adds documents, and for a merge of
segments (postings read back from a segment into the grouped pool). Unusual calls (boosts, an unknown
field) go through whoosh's own path."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import TEXT, UnknownFieldError
from whoosh.formats import Frequency

from index import whoosh_engine, whoosh_postings, whoosh_writer
from index.engine import Filters
from index.query import parse
from tests.test_engines import FILTERS, QUERIES
from tests.test_whoosh_scoring import block_levels
from wgkb.facade import KnowledgeBase

#: A segment file name: ``MAIN_<segment id>.<rest>``; the id is random, the rest names the file.
SEGMENT_FILE = re.compile(r"^MAIN_[a-z0-9]+\.(.+)$")


def open_writer(ix, fast: bool):
    """A writer as ``whoosh_writer.writer`` makes it (segment files kept apart, not compounded, so
    they can be compared), with (``fast``) or without the fast paths."""
    w = ix.writer(limitmb=64, codec=whoosh_postings.Codec(), compound=False)
    reader = w.per_document_reader
    w.per_document_reader = lambda: whoosh_writer._CachedLengths(reader())
    return whoosh_writer.install(w) if fast else w


def segment_files(folder: Path) -> dict[str, list[bytes]]:
    """Segment file kind (``pst``, ``trm``, ``_stored.col`` …) -> the files' bytes, in segment order
    of their sizes (ids are random)."""
    out: dict[str, list[bytes]] = {}
    for path in folder.iterdir():
        match = SEGMENT_FILE.match(path.name)
        if match:
            out.setdefault(match.group(1), []).append(path.read_bytes())
    return {kind: sorted(blobs, key=lambda b: (len(b), b)) for kind, blobs in out.items()}


def build_both(tmp_path: Path, steps: Callable[[Path, bool], None]) -> tuple[dict, dict]:
    folders = {}
    for fast in (False, True):
        folder = tmp_path / ("fast" if fast else "whoosh")
        folder.mkdir()
        steps(folder, fast)
        folders[fast] = segment_files(folder)
    return folders[False], folders[True]


def add_all(w, documents) -> None:
    for document in documents:
        for fields in whoosh_engine.paragraph_fields(document):
            w.add_document(**fields)


def test_fresh_index_is_byte_identical(tmp_path: Path, corpus_kb: KnowledgeBase) -> None:
    documents = list(corpus_kb.store.iter_documents())

    def steps(folder: Path, fast: bool) -> None:
        ix = whoosh_index.create_in(str(folder), whoosh_engine.schema())
        w = open_writer(ix, fast)
        add_all(w, documents)
        assert isinstance(w.pool, whoosh_writer.GroupedPool) == fast
        w.commit()

    plain, fast = build_both(tmp_path, steps)
    assert {"pst", "trm", "_stored.col", "_text_len.col"} <= set(plain)
    assert fast == plain


def test_update_and_merge_are_byte_identical(tmp_path: Path, corpus_kb: KnowledgeBase) -> None:
    documents = list(corpus_kb.store.iter_documents())
    assert len(documents) >= 3

    def steps(folder: Path, fast: bool) -> None:
        ix = whoosh_index.create_in(str(folder), whoosh_engine.schema())
        w = open_writer(ix, fast)
        add_all(w, documents[:2])
        w.commit()
        w = open_writer(ix, fast)  # a second segment, the first's documents replaced
        w.delete_by_term("document", documents[0].id)
        add_all(w, documents[2:] + documents[:1])
        w.commit(merge=False)
        w = open_writer(ix, fast)  # both merged into one: postings read back into the pool
        w.commit(optimize=True)

    plain, fast = build_both(tmp_path, steps)
    assert len(plain["pst"]) == 1
    assert fast == plain


def test_search_after_fast_build_finds_the_same(tmp_path: Path, corpus_kb: KnowledgeBase) -> None:
    """Through the engine (compound segments): the same hits with the same scores."""
    engine = whoosh_engine.ENGINE
    documents = list(corpus_kb.store.iter_documents())
    fast_folder = tmp_path / "fast"
    fast_folder.mkdir()
    engine.build(fast_folder, documents)
    plain_folder = tmp_path / "plain"
    plain_folder.mkdir()
    ix = whoosh_index.create_in(str(plain_folder), whoosh_engine.schema())
    w = open_writer(ix, fast=False)
    add_all(w, documents)
    w.commit()
    from whoosh import query

    for word in ("枪支", "标识", "记录", "工作组"):
        hits = []
        for folder in (plain_folder, fast_folder):
            with whoosh_index.open_dir(str(folder)).searcher() as searcher:
                results = searcher.search(query.Term("text", word), limit=20)
                hits.append([(r["pid"], round(r.score, 9)) for r in results])
        assert hits[0] and hits[0] == hits[1], word


def test_unusual_calls_take_whooshs_own_path(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), whoosh_engine.schema())
    w = open_writer(ix, fast=True)
    with pytest.raises(UnknownFieldError):
        w.add_document(pid="x", nonsense="y")
    w.add_document(pid="p1", document="d", text="枪支 标识", _text_boost=2.0)
    w.add_document(pid="p2", document="d", text="枪支")
    w.commit()
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 2
        assert {hit["pid"] for hit in searcher.search(whoosh_engine.query.Term("text", "枪支"))} == {"p1", "p2"}


def test_boosted_documents_between_counted_ones_are_byte_identical(tmp_path: Path, corpus_kb: KnowledgeBase) -> None:
    """Documents whoosh adds its own way (boosts) between ones whose term counts are gathered in
    bulk: every term's postings stay in docnum order, as whoosh's pool sorts them."""
    documents = list(corpus_kb.store.iter_documents())
    fields = [f for document in documents[:2] for f in whoosh_engine.paragraph_fields(document)]
    assert len(fields) > 20

    def steps(folder: Path, fast: bool) -> None:
        ix = whoosh_index.create_in(str(folder), whoosh_engine.schema())
        w = open_writer(ix, fast)
        for i, one in enumerate(fields):
            if i % 7 == 3:
                w.add_document(**one, _text_boost=2.0)
            elif i % 11 == 5:
                w.add_document(**one, _boost=1.5)
            else:
                w.add_document(**one)
        w.commit()

    plain, fast = build_both(tmp_path, steps)
    assert fast == plain


def test_compressed_blocks_are_byte_identical_too(tmp_path: Path, corpus_kb: KnowledgeBase) -> None:
    """The corpus's segment has blocks of both kinds (compressed where it pays, the rest as they
    are): the byte-identity above covers both ways of writing a block."""
    documents = list(corpus_kb.store.iter_documents())
    ix = whoosh_index.create_in(str(tmp_path), whoosh_engine.schema())
    w = open_writer(ix, fast=True)
    add_all(w, documents)
    w.commit()
    with ix.searcher() as searcher:
        levels = block_levels(searcher)
    assert levels[0] > 0 and levels[whoosh_postings.COMPRESSION] > 0, levels


def test_index_without_values_answers_as_the_old_one(tmp_path: Path, corpus_kb: KnowledgeBase) -> None:
    """An index of weights only, blocks compressed where it pays, gives exactly the hits, scores,
    totals and facets of the index written before (whoosh's ``TEXT`` with its ``Frequency`` values,
    every block uncompressed), for every query and filter of the engine tests."""
    documents = list(corpus_kb.store.iter_documents())
    old_schema = whoosh_engine.schema()
    for name in ("text", "context"):  # the fields as they were: whoosh's TEXT, 4-byte values
        field = old_schema[name]
        old_schema.remove(name)
        old_schema.add(name, TEXT(analyzer=field.analyzer, phrase=False, stored=field.stored))
    old = tmp_path / "old"
    old.mkdir()
    ix = whoosh_index.create_in(str(old), old_schema)
    w = ix.writer(codec=W3Codec(compression=0))
    add_all(w, documents)
    w.commit()
    new = tmp_path / "new"
    new.mkdir()
    whoosh_engine.ENGINE.build(new, documents)
    searchers = [whoosh_engine.WhooshSearcher(folder, corpus_kb.store.paragraph_texts) for folder in (old, new)]
    assert type(searchers[0]._searcher.schema["text"].format) is Frequency
    assert type(searchers[1]._searcher.schema["text"].format) is whoosh_postings.Weights
    values = [s._searcher.reader().postings("text", "枪支").value() for s in searchers]
    assert len(values[0]) == 4 and values[1] is None  # a packed frequency, then none
    checked = 0
    for text in QUERIES:
        tree = parse(text).tree
        for filters in FILTERS:
            pages = [s.search(tree, Filters(**filters), every=tree is None, offset=0, limit=50) for s in searchers]
            assert [(h["pid"], score) for h, score in pages[0].hits] == [(h["pid"], score) for h, score in pages[1].hits]
            assert (pages[0].total, pages[0].facets) == (pages[1].total, pages[1].facets)
            checked += bool(pages[0].hits)
    similar = [s.similar("工作组建议各国加强枪支的标识和记录保存", 10, None) for s in searchers]
    assert similar[0] == similar[1] and similar[0][0]
    for searcher in searchers:
        searcher.close()
    assert checked > 50
